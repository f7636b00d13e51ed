package com.sprocket.catalog.part;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The part_imports table: each upload by who made it and their Idempotency-Key. */
@Repository
class PartImports {

    /** An upload as stored, with the hash of the body it was made from. */
    record Stored(PartImport made, String requestHash) {}

    private final DatabaseClient db;

    PartImports(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Claims the key for a new upload, in the caller's transaction; empty when the key was claimed
     * before. A concurrent upload with the same key waits here until the first commits (then this one
     * is empty) or rolls back (then this one claims it).
     */
    Mono<Instant> claim(UUID id, String ownerKey, String idempotencyKey, String requestHash) {
        return db.sql("""
                        INSERT INTO part_imports (id, owner_key, idempotency_key, request_hash)
                        VALUES (:id, :owner, :key, :hash)
                        ON CONFLICT (owner_key, idempotency_key) DO NOTHING
                        RETURNING created_at
                        """)
                .bind("id", id)
                .bind("owner", ownerKey)
                .bind("key", idempotencyKey)
                .bind("hash", requestHash)
                .map(row -> row.get("created_at", OffsetDateTime.class).toInstant())
                .one();
    }

    Mono<Void> complete(UUID id, List<UUID> partIds) {
        return db.sql("UPDATE part_imports SET part_ids = :ids WHERE id = :id")
                .bind("id", id)
                .bind("ids", partIds.toArray(UUID[]::new))
                .then();
    }

    Mono<Stored> find(String ownerKey, String idempotencyKey) {
        return db.sql("""
                        SELECT id, request_hash, part_ids, created_at FROM part_imports
                        WHERE owner_key = :owner AND idempotency_key = :key
                        """)
                .bind("owner", ownerKey)
                .bind("key", idempotencyKey)
                .map(row -> {
                    List<UUID> ids = Arrays.asList(row.get("part_ids", UUID[].class));
                    return new Stored(
                            new PartImport(
                                    row.get("id", UUID.class),
                                    ids.size(),
                                    ids,
                                    row.get("created_at", OffsetDateTime.class).toInstant()),
                            row.get("request_hash", String.class));
                })
                .one();
    }
}
