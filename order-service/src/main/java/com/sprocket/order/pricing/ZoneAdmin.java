package com.sprocket.order.pricing;

import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Page;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Admins manage shipping zones, methods and tax rates; every change is published for the audit log. */
@Service
class ZoneAdmin {

    private final ShippingZones zones;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    ZoneAdmin(ShippingZones zones, Outbox outbox, TransactionalOperator tx) {
        this.zones = zones;
        this.outbox = outbox;
        this.tx = tx;
    }

    Mono<Page<ShippingZone>> list(String after, int limit) {
        return zones.page(after == null ? null : parse(after), limit)
                .collectList()
                .map(rows -> Page.of(rows, limit, zone -> zone.id().toString()));
    }

    Mono<ShippingZone> get(UUID id) {
        return zones.find(id).switchIfEmpty(Mono.error(() -> ApiProblems.notFound("shipping zone", id)));
    }

    Mono<ShippingZone> create(ZoneRequest request, CurrentUser admin) {
        return write(request.toZone(UUID.randomUUID()), null, admin);
    }

    Mono<ShippingZone> replace(UUID id, ZoneRequest request, Integer expectedVersion, CurrentUser admin) {
        return get(id).then(write(request.toZone(id), expectedVersion, admin));
    }

    Mono<Void> delete(UUID id, CurrentUser admin) {
        return zones.delete(id)
                .flatMap(deleted -> deleted
                        ? outbox.append(new ZoneChanged(ZoneChanged.DELETED, id, admin.id(), null))
                        : Mono.error(ApiProblems.notFound("shipping zone", id)))
                .as(tx::transactional);
    }

    private Mono<ShippingZone> write(ShippingZone zone, Integer expectedVersion, CurrentUser admin) {
        return zones.save(zone, expectedVersion)
                .switchIfEmpty(Mono.error(() -> ApiProblems.preconditionFailed(
                        "The zone is no longer at version " + expectedVersion + "; reload it.")))
                .flatMap(saved -> outbox.append(new ZoneChanged(ZoneChanged.CHANGED, saved.id(), admin.id(), saved))
                        .thenReturn(saved))
                .as(tx::transactional);
    }

    private static UUID parse(String after) {
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw ApiProblems.invalid("after", "is not a cursor from this list");
        }
    }
}
