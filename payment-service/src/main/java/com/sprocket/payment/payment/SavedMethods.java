package com.sprocket.payment.payment;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code tj_payment_methods}: customers' saved cards; a deleted one is kept (payments reference it) but unusable. */
@Repository
public class SavedMethods {

    private static final String SELECT = """
            SELECT id, customer_id, provider_token, brand, last4, exp_month, exp_year, created_at
            FROM tj_payment_methods""";

    private final DatabaseClient db;

    SavedMethods(DatabaseClient db) {
        this.db = db;
    }

    /** Stores the card once (by its provider token); the id of the stored card. */
    Mono<UUID> save(UUID customerId, ProviderPayment.Method method) {
        return db.sql("""
                        INSERT INTO tj_payment_methods (id, customer_id, provider_token, brand, last4, exp_month, exp_year)
                        VALUES (:id, :customer, :token, :brand, :last4, :month, :year)
                        ON CONFLICT (provider_token) DO UPDATE SET provider_token = EXCLUDED.provider_token
                        RETURNING id
                        """)
                .bind("id", UUID.randomUUID())
                .bind("customer", customerId)
                .bind("token", method.token())
                .bind("brand", method.brand() == null ? "card" : method.brand())
                .bind("last4", method.last4())
                .bind("month", method.expMonth())
                .bind("year", method.expYear())
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    public Flux<SavedMethod> ofCustomer(UUID customerId) {
        return db.sql(
                        SELECT
                                + " WHERE customer_id = :customer AND deleted_at IS NULL ORDER BY created_at DESC, id LIMIT 100")
                .bind("customer", customerId)
                .map(SavedMethods::toMethod)
                .all();
    }

    /** A card that is not deleted. */
    public Mono<SavedMethod> findUsable(UUID id) {
        return db.sql(SELECT + " WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id)
                .map(SavedMethods::toMethod)
                .one();
    }

    public Mono<Boolean> delete(UUID id) {
        return db.sql("UPDATE tj_payment_methods SET deleted_at = now() WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    private static SavedMethod toMethod(io.r2dbc.spi.Readable row) {
        return new SavedMethod(
                row.get("id", UUID.class),
                row.get("customer_id", UUID.class),
                row.get("provider_token", String.class),
                row.get("brand", String.class),
                row.get("last4", String.class),
                row.get("exp_month", Integer.class),
                row.get("exp_year", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
