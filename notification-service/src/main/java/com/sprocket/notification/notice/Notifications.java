package com.sprocket.notification.notice;

import com.sprocket.notification.config.Topics;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The notifications inbox: created from events, listed, counted, marked read, deleted; each new one is pushed live. */
@Service
public class Notifications {

    private static final String COLUMNS = "id, user_id, type, title, body, read_at, created_at";

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Notifications(DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Applies one event (called inside the inbox transaction): a notification if a rule matches. */
    public Mono<Void> on(EventEnvelope event) {
        return Mono.justOrEmpty(NotificationRules.draft(event.type(), event.data()))
                .flatMap(draft -> insert(event, draft));
    }

    Mono<Page<Notification>> list(CurrentUser user, boolean unreadOnly, int limit, String after) {
        return Mono.defer(() -> {
            String sql = "SELECT " + COLUMNS + " FROM notifications WHERE user_id = :user"
                    + (unreadOnly ? " AND read_at IS NULL" : "")
                    + (after == null ? "" : " AND (created_at, id) < (:afterCreated, :afterId)")
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit";
            var spec = db.sql(sql).bind("user", user.id()).bind("limit", limit + 1);
            if (after != null) {
                Cursor cursor = Cursor.parse(after, 2);
                spec = spec.bind("afterCreated", cursor.time(0)).bind("afterId", cursor.uuid(1));
            }
            return spec.map(Notifications::toNotification)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, n -> Cursor.ofTimeAndId(n.createdAt(), n.id())));
        });
    }

    Mono<Map<String, Long>> unreadCount(CurrentUser user) {
        return db.sql("SELECT count(*) AS n FROM notifications WHERE user_id = :user AND read_at IS NULL")
                .bind("user", user.id())
                .map(row -> Map.of("unread", row.get("n", Long.class)))
                .one();
    }

    Mono<Notification> markRead(UUID id, CurrentUser user) {
        return db.sql("UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = :id AND user_id = :user"
                        + " RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("user", user.id())
                .map(Notifications::toNotification)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("notification", id)));
    }

    Mono<Map<String, Long>> markAllRead(CurrentUser user) {
        return db.sql("UPDATE notifications SET read_at = now() WHERE user_id = :user AND read_at IS NULL")
                .bind("user", user.id())
                .fetch()
                .rowsUpdated()
                .map(count -> Map.of("marked", count));
    }

    Mono<Void> delete(UUID id, CurrentUser user) {
        return db.sql("DELETE FROM notifications WHERE id = :id AND user_id = :user")
                .bind("id", id)
                .bind("user", user.id())
                .fetch()
                .rowsUpdated()
                .flatMap(count -> count == 0 ? Mono.error(ApiProblems.notFound("notification", id)) : Mono.empty());
    }

    private Mono<Void> insert(EventEnvelope event, NotificationRules.Draft draft) {
        UUID id = UUID.randomUUID();
        return db.sql("INSERT INTO notifications (id, user_id, type, title, body, source_event_id)"
                        + " VALUES (:id, :user, :type, :title, :body, :source) ON CONFLICT (source_event_id) DO NOTHING"
                        + " RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("user", draft.userId())
                .bind("type", event.type())
                .bind("title", truncate(draft.title(), 200))
                .bind("body", truncate(draft.body(), 2000))
                .bind("source", event.id())
                .map(Notifications::toNotification)
                .one()
                .flatMap(created -> outbox.append(new OutboxEvent(
                        Topics.MESSAGES,
                        "notification",
                        created.userId().toString(),
                        NotificationCreated.TYPE,
                        NotificationCreated.of(created))))
                .as(tx::transactional);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static Notification toNotification(Readable row) {
        OffsetDateTime read = row.get("read_at", OffsetDateTime.class);
        return new Notification(
                row.get("id", UUID.class),
                row.get("user_id", UUID.class),
                row.get("type", String.class),
                row.get("title", String.class),
                row.get("body", String.class),
                read == null ? null : read.toInstant(),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    /** Payload of {@code notification.created.v1}: pushed to the user's channel by the hub. */
    record NotificationCreated(
            UUID notificationId, UUID userId, String type, String title, String body, Instant createdAt) {
        static final String TYPE = "notification.created.v1";

        static NotificationCreated of(Notification n) {
            return new NotificationCreated(n.id(), n.userId(), n.type(), n.title(), n.body(), n.createdAt());
        }
    }
}
