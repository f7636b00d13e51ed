package com.sprocket.catalog.part;

import com.sprocket.platform.web.ApiProblems;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Who may sell: the {@code vendors} read model, kept from {@code identity.users} by
 * {@link SellerListener}. A vendor may list parts, move stock and upload images once an admin has
 * verified them, while they are active and still a vendor.
 */
@Repository
public class Sellers {

    private final DatabaseClient db;

    Sellers(DatabaseClient db) {
        this.db = db;
    }

    /** 403 with the reason unless the vendor may sell now. */
    public Mono<Void> requireMaySell(UUID vendorId) {
        return db.sql("SELECT is_vendor, verified, active FROM vendors WHERE id = :id")
                .bind("id", vendorId)
                .map(row -> reason(
                        Boolean.TRUE.equals(row.get("is_vendor", Boolean.class)),
                        Boolean.TRUE.equals(row.get("verified", Boolean.class)),
                        Boolean.TRUE.equals(row.get("active", Boolean.class))))
                .one()
                .defaultIfEmpty("The vendor account is not verified yet; an administrator verifies new vendors.")
                .flatMap(reason -> reason.isEmpty() ? Mono.empty() : Mono.error(ApiProblems.forbidden(reason)));
    }

    /** Applies a change of the vendor's standing; true when it may sell afterwards. */
    Mono<Boolean> update(UUID userId, Boolean isVendor, Boolean verified, Boolean active) {
        return db.sql("""
                        INSERT INTO vendors (id, is_vendor, verified, active)
                        VALUES (:id, coalesce(:isVendor, true), coalesce(:verified, false), coalesce(:active, true))
                        ON CONFLICT (id) DO UPDATE SET
                          is_vendor = coalesce(:isVendor, vendors.is_vendor),
                          verified = coalesce(:verified, vendors.verified),
                          active = coalesce(:active, vendors.active),
                          updated_at = now()
                        RETURNING is_vendor AND verified AND active AS may_sell
                        """)
                .bind("id", userId)
                .bind("isVendor", org.springframework.r2dbc.core.Parameter.fromOrEmpty(isVendor, Boolean.class))
                .bind("verified", org.springframework.r2dbc.core.Parameter.fromOrEmpty(verified, Boolean.class))
                .bind("active", org.springframework.r2dbc.core.Parameter.fromOrEmpty(active, Boolean.class))
                .map(row -> Boolean.TRUE.equals(row.get("may_sell", Boolean.class)))
                .one();
    }

    private static String reason(boolean isVendor, boolean verified, boolean active) {
        if (!active) {
            return "The vendor account is deactivated.";
        }
        if (!isVendor) {
            return "The account is no longer a vendor account.";
        }
        if (!verified) {
            return "The vendor account is not verified yet; an administrator verifies new vendors.";
        }
        return "";
    }
}
