package com.sprocket.catalog.search;

import com.sprocket.platform.events.EventCodec;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Feeds {@link LuceneSearch} from {@code catalog.parts} (created, updated, deleted: key = part id).
 * Each replica keeps its own index, so each has its own consumer group (random). When its partitions
 * are assigned it starts at the time this replica began building its index (minus a margin), so no
 * change between that snapshot and the assignment is missed. No inbox: re-indexing is idempotent (the
 * part is read again from PostgreSQL).
 */
@Component
@ConditionalOnProperty(name = "sprocket.catalog.search.engine", havingValue = "lucene", matchIfMissing = true)
class PartEventsListener implements ConsumerSeekAware {

    static final String ID = "search-index";

    private final LuceneSearch search;
    private final EventCodec codec;

    PartEventsListener(LuceneSearch search, EventCodec codec) {
        this.search = search;
        this.codec = codec;
    }

    @Override
    public void onPartitionsAssigned(
            Map<TopicPartition, Long> assignments, ConsumerSeekAware.ConsumerSeekCallback callback) {
        callback.seekToTimestamp(assignments.keySet(), search.since().toEpochMilli());
    }

    @KafkaListener(
            id = ID,
            idIsGroup = false,
            topics = "catalog.parts",
            groupId = "catalog-search-#{T(java.util.UUID).randomUUID()}",
            properties = {"auto.offset.reset=latest"})
    void on(ConsumerRecord<String, String> record) {
        UUID part;
        try {
            part = UUID.fromString(record.key());
        } catch (IllegalArgumentException | NullPointerException notAPart) {
            return; // not a part's record (no key, or not a UUID): nothing to index
        }
        search.changed(part, changedAt(record));
    }

    /** When the change committed: the event's time; the record's if the envelope cannot say. */
    private Instant changedAt(ConsumerRecord<String, String> record) {
        try {
            Instant time = codec.read(record.value()).time();
            if (time != null) {
                return time;
            }
        } catch (RuntimeException malformed) {
            // indexed all the same: the part is read from PostgreSQL, not from the event
        }
        return Instant.ofEpochMilli(record.timestamp());
    }
}
