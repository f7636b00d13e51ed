package com.sprocket.notification.audit;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.sql.NewestFirst;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The audit log, written from every domain event (once per event: inbox plus a unique event id) and
 * read by admins by actor, by entity and by time range.
 */
@Service
public class ActivityLogs {

    /** Fields that name who acted, in order of preference, across Sprocket's event payloads. */
    private static final List<String> ACTOR_FIELDS = List.of(
            "actorId", "changedBy", "verifiedBy", "deactivatedBy", "senderId", "vendorId", "customerId", "userId");

    private static final String COLUMNS =
            "id, event_id, event_type, actor_id, action, entity_type, entity_id, source, summary, occurred_at";

    private final DatabaseClient db;

    ActivityLogs(DatabaseClient db) {
        this.db = db;
    }

    /** Records one event; a second record of the same event id is ignored. */
    public Mono<Void> record(EventEnvelope event) {
        String type = event.type();
        int dot = type.indexOf('.');
        String entityType = dot > 0 ? type.substring(0, dot) : type;
        String action = type.replaceFirst("\\.v\\d+$", "");
        return db.sql(
                        "INSERT INTO activity_logs (id, event_id, event_type, actor_id, action, entity_type, entity_id, source,"
                                + " summary, occurred_at) VALUES (:id, :eventId, :type, :actor, :action, :entityType, :entityId,"
                                + " :source, :summary, :at) ON CONFLICT (event_id) DO NOTHING")
                .bind("id", UUID.randomUUID())
                .bind("eventId", event.id())
                .bind("type", type)
                .bind("actor", Parameter.fromOrEmpty(actorOf(event.data()), UUID.class))
                .bind("action", action)
                .bind("entityType", entityType)
                .bind("entityId", event.subject() == null ? "" : event.subject())
                .bind("source", event.source())
                .bind("summary", summary(event))
                .bind("at", event.time().atOffset(ZoneOffset.UTC))
                .then();
    }

    Mono<Page<Activity>> search(
            UUID actor, String entityType, String entityId, Instant from, Instant to, int limit, String after) {
        return Mono.defer(() -> {
            if (entityId != null && entityType == null) {
                throw ApiProblems.invalid("entityId", "needs entityType");
            }
            var spec = NewestFirst.from("SELECT " + COLUMNS + " FROM activity_logs", "occurred_at")
                    .where("actor_id = :actor", "actor", actor)
                    .where("entity_type = :entityType", "entityType", entityType)
                    .where("entity_id = :entityId", "entityId", entityId)
                    .where("occurred_at >= :from", "from", from == null ? null : from.atOffset(ZoneOffset.UTC))
                    .where("occurred_at < :to", "to", to == null ? null : to.atOffset(ZoneOffset.UTC))
                    .after(after)
                    .page(db, limit);
            return spec.map(ActivityLogs::toActivity)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, a -> Cursor.ofTimeAndId(a.occurredAt(), a.id())));
        });
    }

    /** super_admin: drop entries older than a point in time (retention). */
    Mono<Map<String, Long>> purgeBefore(Instant before) {
        return db.sql("DELETE FROM activity_logs WHERE occurred_at < :before")
                .bind("before", before.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .map(count -> Map.of("deleted", count));
    }

    private static UUID actorOf(JsonNode data) {
        for (String field : ACTOR_FIELDS) {
            JsonNode value = data.get(field);
            if (value != null && !value.isNull()) {
                try {
                    return UUID.fromString(value.asString());
                } catch (IllegalArgumentException ignored) {
                    // not an id: try the next field
                }
            }
        }
        return null;
    }

    private static String summary(EventEnvelope event) {
        String data = event.data().toString();
        String text = event.type() + " " + (event.subject() == null ? "" : event.subject()) + " " + data;
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private static Activity toActivity(Readable row) {
        return new Activity(
                row.get("id", UUID.class),
                row.get("event_id", String.class),
                row.get("event_type", String.class),
                row.get("actor_id", UUID.class),
                row.get("action", String.class),
                row.get("entity_type", String.class),
                row.get("entity_id", String.class),
                row.get("source", String.class),
                row.get("summary", String.class),
                row.get("occurred_at", OffsetDateTime.class).toInstant());
    }
}
