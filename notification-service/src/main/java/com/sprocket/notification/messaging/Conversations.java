package com.sprocket.notification.messaging;

import com.sprocket.notification.config.NotificationProperties;
import com.sprocket.notification.config.Topics;
import com.sprocket.notification.directory.Directory;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Buyer-vendor messaging. A customer opens a conversation with an active vendor about one of the
 * vendor's parts or an order between them. Only the two participants read and write it; admins read
 * and write any (moderation, support) and hide messages. Each message is published ({@code message.sent.v1}) and pushed
 * live to both participants. Bodies are limited in size, senders in rate.
 */
@Service
public class Conversations {

    private static final String CONVERSATION =
            "c.id, c.customer_id, c.vendor_id, c.part_id, c.order_id, c.created_at, c.last_message_at";
    private static final String MESSAGE = "id, conversation_id, sender_id, body, hidden, created_at";

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final NotificationProperties properties;
    private final Directory directory;

    Conversations(
            DatabaseClient db,
            Outbox outbox,
            TransactionalOperator tx,
            NotificationProperties properties,
            Directory directory) {
        this.directory = directory;
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
    }

    /** True if the user takes part in the conversation or is an admin; false if not; 404 if there is none. */
    public Mono<Boolean> participantOrAdmin(UUID conversationId, CurrentUser user) {
        return find(conversationId).map(c -> user.isAdmin() || user.owns(c.customerId()) || user.owns(c.vendorId()));
    }

    /**
     * A customer opens a conversation with a vendor about a part of that vendor or an order between
     * them, as the directory knows them (fed by identity's, catalog's and order's events).
     */
    Mono<Conversation> start(StartConversation request, CurrentUser customer) {
        if (customer.owns(request.vendorId())) {
            return Mono.error(ApiProblems.invalid("vendorId", "you cannot message yourself"));
        }
        if (request.partId() == null && request.orderId() == null) {
            return Mono.error(ApiProblems.invalid("partId", "name the part (or the order) the conversation is about"));
        }
        Mono<Void> vendor = directory
                .isActiveVendor(request.vendorId())
                .flatMap(known -> known
                        ? Mono.<Void>empty()
                        : Mono.error(ApiProblems.invalid("vendorId", "is not an active vendor")));
        Mono<Void> part = request.partId() == null
                ? Mono.empty()
                : directory
                        .isPartOf(request.partId(), request.vendorId())
                        .flatMap(known -> known
                                ? Mono.<Void>empty()
                                : Mono.error(ApiProblems.invalid("partId", "is not a part of this vendor")));
        Mono<Void> order = request.orderId() == null
                ? Mono.empty()
                : directory
                        .isOrderBetween(request.orderId(), customer.id(), request.vendorId())
                        .flatMap(known -> known
                                ? Mono.<Void>empty()
                                : Mono.error(
                                        ApiProblems.invalid("orderId", "is not an order of yours with this vendor")));
        UUID id = UUID.randomUUID();
        Mono<Conversation> created = db.sql("INSERT INTO conversations (id, customer_id, vendor_id, part_id, order_id)"
                        + " VALUES (:id, :customer, :vendor, :part, :order)")
                .bind("id", id)
                .bind("customer", customer.id())
                .bind("vendor", request.vendorId())
                .bind("part", Parameter.fromOrEmpty(request.partId(), UUID.class))
                .bind("order", Parameter.fromOrEmpty(request.orderId(), UUID.class))
                .then()
                .then(find(id));
        return vendor.then(part)
                .then(order)
                .then(rateLimit(customer)
                        .then(created)
                        .flatMap(conversation ->
                                post(conversation, customer, request.text()).thenReturn(conversation))
                        .as(tx::transactional));
    }

    Mono<Page<Conversation>> list(CurrentUser user, int limit, String after) {
        return Mono.defer(() -> {
            String sql = "SELECT " + CONVERSATION + ", (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id"
                    + " AND m.sender_id <> :user AND NOT m.hidden AND m.created_at > coalesce((SELECT r.last_read_at"
                    + " FROM conversation_reads r WHERE r.conversation_id = c.id AND r.user_id = :user), '-infinity'))"
                    + " AS unread FROM conversations c WHERE (c.customer_id = :user OR c.vendor_id = :user)"
                    + (after == null ? "" : " AND (c.last_message_at, c.id) < (:afterTime, :afterId)")
                    + " ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit";
            var spec = db.sql(sql).bind("user", user.id()).bind("limit", limit + 1);
            if (after != null) {
                Cursor cursor = Cursor.parse(after, 2);
                spec = spec.bind("afterTime", cursor.time(0)).bind("afterId", cursor.uuid(1));
            }
            return spec.map(Conversations::toConversation)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, c -> Cursor.ofTimeAndId(c.lastMessageAt(), c.id())));
        });
    }

    Mono<Page<Message>> messages(UUID conversationId, CurrentUser user, int limit, String after) {
        return readable(conversationId, user).flatMap(conversation -> {
            String sql = "SELECT " + MESSAGE + " FROM messages WHERE conversation_id = :id"
                    + (user.isAdmin() ? "" : " AND NOT hidden")
                    + (after == null ? "" : " AND (created_at, id) < (:afterTime, :afterId)")
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit";
            var spec = db.sql(sql).bind("id", conversationId).bind("limit", limit + 1);
            if (after != null) {
                Cursor cursor = Cursor.parse(after, 2);
                spec = spec.bind("afterTime", cursor.time(0)).bind("afterId", cursor.uuid(1));
            }
            Mono<Void> markRead = user.owns(conversation.customerId()) || user.owns(conversation.vendorId())
                    ? db.sql(
                                    "INSERT INTO conversation_reads (conversation_id, user_id, last_read_at) VALUES (:c, :u, now())"
                                            + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET last_read_at = now()")
                            .bind("c", conversationId)
                            .bind("u", user.id())
                            .then()
                    : Mono.empty();
            return spec.map(Conversations::toMessage)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, m -> Cursor.ofTimeAndId(m.createdAt(), m.id())))
                    .flatMap(page -> markRead.thenReturn(page));
        });
    }

    Mono<Message> send(UUID conversationId, SendMessage request, CurrentUser user) {
        return find(conversationId).flatMap(conversation -> {
            if (!user.owns(conversation.customerId()) && !user.owns(conversation.vendorId()) && !user.isAdmin()) {
                return Mono.error(
                        ApiProblems.forbidden("Only the two participants (and admins, for support) write here."));
            }
            return rateLimit(user)
                    .then(post(conversation, user, request.text()))
                    .as(tx::transactional);
        });
    }

    Mono<Message> hide(UUID messageId, CurrentUser admin) {
        return db.sql("UPDATE messages SET hidden = true, hidden_by = :admin WHERE id = :id RETURNING " + MESSAGE)
                .bind("id", messageId)
                .bind("admin", admin.id())
                .map(Conversations::toMessage)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("message", messageId)))
                .flatMap(message -> find(message.conversationId())
                        .flatMap(c -> outbox.append(new OutboxEvent(
                                Topics.MESSAGES,
                                "conversation",
                                c.id().toString(),
                                "message.hidden.v1",
                                new MessageHidden(message.id(), c.id(), c.customerId(), c.vendorId()))))
                        .thenReturn(message))
                .as(tx::transactional);
    }

    private Mono<Message> post(Conversation conversation, CurrentUser sender, String text) {
        String body = text.strip();
        if (body.isEmpty() || body.length() > properties.messageMaxLength()) {
            return Mono.error(
                    ApiProblems.invalid("text", "must be 1 to " + properties.messageMaxLength() + " characters"));
        }
        UUID id = UUID.randomUUID();
        return db.sql("INSERT INTO messages (id, conversation_id, sender_id, body) VALUES (:id, :c, :sender, :body)"
                        + " RETURNING " + MESSAGE)
                .bind("id", id)
                .bind("c", conversation.id())
                .bind("sender", sender.id())
                .bind("body", body)
                .map(Conversations::toMessage)
                .one()
                .flatMap(message -> db.sql("UPDATE conversations SET last_message_at = :at WHERE id = :c")
                        .bind("at", message.createdAt().atOffset(java.time.ZoneOffset.UTC))
                        .bind("c", conversation.id())
                        .then()
                        .then(outbox.append(new OutboxEvent(
                                Topics.MESSAGES,
                                "conversation",
                                conversation.id().toString(),
                                MessageSent.TYPE,
                                MessageSent.of(message, conversation))))
                        .thenReturn(message));
    }

    /**
     * At most {@code messagesPerMinute} in any minute. Runs in the sending transaction and first locks
     * the sender's row in {@code message_senders}, so parallel sends of one user count one after
     * another (check and insert cannot interleave); other users are not held up.
     */
    private Mono<Void> rateLimit(CurrentUser user) {
        return db.sql("INSERT INTO message_senders (user_id, last_sent_at) VALUES (:user, now())"
                        + " ON CONFLICT (user_id) DO UPDATE SET last_sent_at = now()")
                .bind("user", user.id())
                .then()
                .then(db.sql("SELECT count(*) AS n FROM messages WHERE sender_id = :user"
                                + " AND created_at > now() - interval '1 minute'")
                        .bind("user", user.id())
                        .map(row -> row.get("n", Long.class))
                        .one())
                .flatMap(sent -> sent >= properties.messagesPerMinute()
                        ? Mono.error(ApiProblems.of(
                                HttpStatus.TOO_MANY_REQUESTS,
                                "You can send " + properties.messagesPerMinute()
                                        + " messages a minute; wait a moment."))
                        : Mono.empty());
    }

    private Mono<Conversation> readable(UUID id, CurrentUser user) {
        return find(id).flatMap(c -> user.isAdmin() || user.owns(c.customerId()) || user.owns(c.vendorId())
                ? Mono.just(c)
                : Mono.error(ApiProblems.forbidden("Only the participants and admins read a conversation.")));
    }

    private Mono<Conversation> find(UUID id) {
        return db.sql("SELECT " + CONVERSATION + ", 0::bigint AS unread FROM conversations c WHERE c.id = :id")
                .bind("id", id)
                .map(Conversations::toConversation)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("conversation", id)));
    }

    private static Conversation toConversation(Readable row) {
        return new Conversation(
                row.get("id", UUID.class),
                row.get("customer_id", UUID.class),
                row.get("vendor_id", UUID.class),
                row.get("part_id", UUID.class),
                row.get("order_id", UUID.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("last_message_at", OffsetDateTime.class).toInstant(),
                row.get("unread", Long.class));
    }

    private static Message toMessage(Readable row) {
        return new Message(
                row.get("id", UUID.class),
                row.get("conversation_id", UUID.class),
                row.get("sender_id", UUID.class),
                row.get("body", String.class),
                Boolean.TRUE.equals(row.get("hidden", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    /** Payload of {@code message.sent.v1} on {@code notification.messages}. */
    record MessageSent(
            UUID messageId,
            UUID conversationId,
            UUID senderId,
            UUID customerId,
            UUID vendorId,
            String body,
            Instant sentAt) {
        static final String TYPE = "message.sent.v1";

        static MessageSent of(Message m, Conversation c) {
            return new MessageSent(m.id(), c.id(), m.senderId(), c.customerId(), c.vendorId(), m.body(), m.createdAt());
        }
    }

    /** Payload of {@code message.hidden.v1}. */
    record MessageHidden(UUID messageId, UUID conversationId, UUID customerId, UUID vendorId) {}
}
