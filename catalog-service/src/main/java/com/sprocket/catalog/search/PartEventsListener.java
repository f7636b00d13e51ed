package com.sprocket.catalog.search;

import com.sprocket.catalog.part.PartCache;
import com.sprocket.platform.events.EventCodec;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Follows {@code catalog.parts} (created, updated, deleted: key = part id) for this replica's read
 * models: the part cache drops the part, the search index (when Lucene is the engine) indexes it again.
 * Each replica keeps its own, so each has its own consumer group (random). When its partitions are
 * assigned it starts at the time this replica began building them (minus a margin), so no change
 * between that moment and the assignment is missed. No inbox: both are idempotent (the part is read
 * again from PostgreSQL).
 */
@Component
class PartEventsListener implements ConsumerSeekAware {

    static final String ID = "search-index";

    private final LuceneSearch search;
    private final PartCache cache;
    private final EventCodec codec;
    private final Instant started = Instant.now().minusSeconds(5);

    PartEventsListener(ObjectProvider<LuceneSearch> search, PartCache cache, EventCodec codec) {
        this.search = search.getIfAvailable();
        this.cache = cache;
        this.codec = codec;
    }

    @Override
    public void onPartitionsAssigned(
            Map<TopicPartition, Long> assignments, ConsumerSeekAware.ConsumerSeekCallback callback) {
        Instant since = search == null || search.since().isAfter(started) ? started : search.since();
        callback.seekToTimestamp(assignments.keySet(), since.toEpochMilli());
        cache.following();
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
        cache.changed(part);
        if (search != null) {
            search.changed(part, changedAt(record));
        }
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
