package com.sprocket.order.order;

import com.sprocket.order.cart.CartSnapshot;
import com.sprocket.order.cart.CartSnapshots;
import com.sprocket.order.catalog.PartOffer;
import com.sprocket.order.catalog.PartOffers;
import com.sprocket.order.config.OrderProperties;
import com.sprocket.order.pricing.Pricing;
import com.sprocket.order.pricing.PricingException;
import com.sprocket.order.pricing.ShippingZone;
import com.sprocket.order.pricing.ShippingZones;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.RequestFingerprints;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Checkout: the buyer's cart (from the read model, at the version they saw) becomes a {@code placed}
 * order priced by the server, written with its {@code order.placed.v1} in one transaction. Catalog then
 * reserves the stock (or rejects) and the order moves on from its events. An {@code Idempotency-Key}
 * makes a retry return the same order; the same key with another body is refused (422); one cart
 * version becomes at most one order.
 */
@Service
class Checkout {

    private final Orders orders;
    private final CartSnapshots carts;
    private final PartOffers offers;
    private final ShippingZones zones;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final CheckoutRules.Limits limits;
    private final int polls;

    Checkout(
            Orders orders,
            CartSnapshots carts,
            PartOffers offers,
            ShippingZones zones,
            Outbox outbox,
            TransactionalOperator tx,
            ObjectMapper json,
            Clock clock,
            OrderProperties properties) {
        this.orders = orders;
        this.carts = carts;
        this.offers = offers;
        this.zones = zones;
        this.outbox = outbox;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.limits = new CheckoutRules.Limits(properties.maxLines(), properties.maxQuantity());
        this.polls = polls(properties.cartSyncWait());
    }

    /** How many backed-off polls fit in {@code wait}. */
    private static int polls(Duration wait) {
        int polls = 0;
        for (long waited = 0; waited < wait.toMillis(); polls++) {
            waited += backoff(polls).toMillis();
        }
        return Math.max(1, polls);
    }

    /** The result of a checkout: the order, whether it existed already (a retry), and a guest's token. */
    record Placed(Order order, boolean replayed, String accessToken) {}

    Mono<Placed> place(CurrentUser user, String cartToken, String idempotencyKey, PlaceOrder request) {
        return Mono.defer(() -> {
            Buying buying = buying(user, cartToken, idempotencyKey, request);
            return orders.findByIdempotencyKey(buying.buyerKey(), idempotencyKey)
                    .map(existing -> replay(existing, buying))
                    .switchIfEmpty(Mono.defer(() -> placeNew(buying, request)));
        });
    }

    /** Who is buying and how this request is recognised on a retry. */
    private record Buying(
            CurrentUser user, String cartToken, String buyerKey, String idempotencyKey, String requestHash) {

        String accessTokenFor(UUID orderId) {
            return cartToken == null ? null : SecretTokens.derive(cartToken, "order:" + orderId);
        }
    }

    private Buying buying(CurrentUser user, String cartToken, String idempotencyKey, PlaceOrder request) {
        if (!user.isGuest() && !user.has(Role.CUSTOMER) && !user.isAdmin()) {
            throw ApiProblems.forbidden("Only customers (and guests with a cart) place orders.");
        }
        if (user.isGuest() && (cartToken == null || cartToken.isBlank())) {
            throw ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, or your guest cart's X-Cart-Token.");
        }
        if (user.isGuest() && request.email() == null) {
            throw ApiProblems.invalid("email", "is required to check out as a guest");
        }
        String buyerKey = user.isGuest() ? "guest:" + SecretTokens.sha256Hex(cartToken) : "user:" + user.id();
        String requestHash = RequestFingerprints.of(json, request);
        return new Buying(user, user.isGuest() ? cartToken : null, buyerKey, idempotencyKey, requestHash);
    }

    private Placed replay(Order existing, Buying buying) {
        if (!existing.origin().requestHash().equals(buying.requestHash())) {
            throw ApiProblems.of(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was used for another checkout (order " + existing.id()
                            + "); use a new key for a new order.");
        }
        return new Placed(existing, true, buying.accessTokenFor(existing.id()));
    }

    private Mono<Placed> placeNew(Buying buying, PlaceOrder request) {
        return cartAt(buying, request.cartVersion())
                .flatMap(cart -> offers.findAll(cart.lines().stream()
                                .map(CartSnapshot.Line::partId)
                                .toList())
                        .zipWith(zoneFor(request))
                        .map(known -> decide(buying, request, cart, known.getT1(), known.getT2())))
                .flatMap(change -> save(change)
                        .thenReturn(new Placed(
                                change.order(),
                                false,
                                buying.accessTokenFor(change.order().id()))))
                .onErrorResume(DuplicateKeyException.class, duplicate -> raced(buying, request));
    }

    private Order.Change decide(
            Buying buying, PlaceOrder request, CartSnapshot cart, Map<UUID, PartOffer> known, ShippingZone zone) {
        try {
            var items = CheckoutRules.items(cart, known, limits);
            var method = zone.method(request.shippingMethod())
                    .orElseThrow(() -> new PricingException(
                            "shippingMethod",
                            "is not offered in " + zone.name() + " (offered: "
                                    + zone.methods().stream().map(m -> m.code()).toList() + ")"));
            Pricing.Quote quote = Pricing.quote(items, zone, method);
            UUID id = UUID.randomUUID();
            String token = buying.accessTokenFor(id);
            Buyer buyer = buying.user().isGuest()
                    ? Buyer.guest(request.email(), SecretTokens.sha256Hex(token))
                    : Buyer.customer(buying.user().id());
            Origin origin = new Origin(
                    buying.buyerKey(), buying.idempotencyKey(), buying.requestHash(), cart.cartId(), cart.version());
            return Order.place(
                    id, buyer, origin, quote, request.shippingAddress(), request.shippingMethod(), clock.instant());
        } catch (CheckoutRules.Refused refused) {
            throw ApiProblems.conflict(refused.getMessage());
        } catch (PricingException pricing) {
            throw pricing.field().startsWith("cart")
                    ? ApiProblems.conflict(pricing.getMessage())
                    : ApiProblems.invalid(pricing.field(), pricing.getMessage());
        }
    }

    private Mono<Void> save(Order.Change change) {
        return orders.insert(change.order(), change.note())
                .then(outbox.append(change.event()))
                .as(tx::transactional);
    }

    /** A concurrent request won the insert: the same key returns its order; the same cart version is a 409. */
    private Mono<Placed> raced(Buying buying, PlaceOrder request) {
        return orders.findByIdempotencyKey(buying.buyerKey(), buying.idempotencyKey())
                .map(existing -> replay(existing, buying))
                .switchIfEmpty(Mono.error(() -> ApiProblems.conflict(
                        "This cart version was already checked out; reload your orders and the cart.")));
    }

    /**
     * The buyer's cart at the version they saw. The read model may lag cart-service by a moment: wait
     * for it up to {@code cartSyncWait}. A newer version than the buyer saw is a 409 naming it.
     */
    private Mono<CartSnapshot> cartAt(Buying buying, int expected) {
        Mono<CartSnapshot> load = Mono.defer(() -> buying.user().isGuest()
                ? carts.ofGuest(SecretTokens.sha256Hex(buying.cartToken()))
                : carts.ofUser(buying.user().id()));
        return load.filter(cart -> cart.version() >= expected)
                .repeatWhenEmpty(ticks -> ticks.take(polls).concatMap(n -> Mono.delay(backoff(n))))
                .switchIfEmpty(Mono.error(() -> stale(expected, null)))
                .flatMap(cart ->
                        cart.version() == expected ? Mono.just(cart) : Mono.error(stale(expected, cart.version())));
    }

    /** 50 ms, doubling up to a second: a lagging read model is polled gently, not hammered. */
    private static Duration backoff(long attempt) {
        return Duration.ofMillis(Math.min(1000, 50L << Math.min(attempt, 5)));
    }

    private static ErrorResponseException stale(int expected, Integer current) {
        ErrorResponseException problem = current == null
                ? ApiProblems.conflict("Cart version " + expected + " is not known here (yet); reload the cart.")
                : ApiProblems.conflict("The cart changed: it is at version " + current + ", not " + expected
                        + "; review it and check out again.");
        if (current != null) {
            problem.getBody().setProperty("currentVersion", current);
        }
        return problem;
    }

    private Mono<ShippingZone> zoneFor(PlaceOrder request) {
        var address = request.shippingAddress();
        return zones.forAddress(address.country(), address.region())
                .switchIfEmpty(Mono.error(() -> ApiProblems.invalid(
                        "shippingAddress.country", "we do not ship to " + address.country() + " yet")));
    }
}
