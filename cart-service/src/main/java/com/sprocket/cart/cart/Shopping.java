package com.sprocket.cart.cart;

import com.sprocket.cart.config.CartProperties;
import com.sprocket.cart.pricing.PartPrice;
import com.sprocket.cart.pricing.PartPrices;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.web.ApiProblems;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * The cart use cases, for users (by bearer token) and guests (by cart token). Each write has one
 * shape: load the caller's cart once, locked; skip it if its operation id was seen; read the prices
 * it needs in one query; let {@link Cart} decide; save the cart and append its event in the same
 * transaction; answer with the view of the result. The rules live in {@link Cart}, not here.
 */
@Service
public class Shopping {

    private final Carts carts;
    private final PartPrices prices;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Cart.Limits limits;

    Shopping(Carts carts, PartPrices prices, Outbox outbox, TransactionalOperator tx, CartProperties properties) {
        this.carts = carts;
        this.prices = prices;
        this.outbox = outbox;
        this.tx = tx;
        this.limits = new Cart.Limits(properties.maxLines(), properties.maxQuantity());
    }

    /**
     * A guest token: 32 random bytes, shown once. Nothing is stored until the guest's first write
     * (its cart exists from then on, under the token's hash), so handing out tokens costs nothing.
     */
    Mono<CartView> newGuestToken() {
        String token = SecretTokens.newToken();
        return Mono.just(CartViews.of(Cart.newGuestCart(hash(token)), Map.of()).withGuestToken(token));
    }

    Mono<CartView> current(CurrentUser user, String guestToken) {
        Mono<Cart> cart = Mono.defer(() -> user.isGuest()
                ? carts.findGuestCart(guestHash(guestToken), false)
                        .defaultIfEmpty(Cart.newGuestCart(guestHash(guestToken)))
                : carts.userCart(user.id()));
        return cart.map(Cart::readable)
                .onErrorMap(CartException.class, Shopping::problem)
                .flatMap(found -> prices.findAll(found.partIds()).map(known -> CartViews.of(found, known)));
    }

    Mono<CartView> add(CurrentUser user, String guestToken, AddItem request, Integer expected) {
        return write(
                user,
                guestToken,
                request.operationId(),
                expected,
                Set.of(request.partId()),
                (cart, known) -> cart.add(priceOf(known, request.partId()), request.quantity(), limits));
    }

    Mono<CartView> set(CurrentUser user, String guestToken, UUID partId, SetQuantity request, Integer expected) {
        return write(
                user,
                guestToken,
                request.operationId(),
                expected,
                Set.of(partId),
                (cart, known) -> cart.set(partId, known.get(partId), request.quantity(), limits));
    }

    Mono<CartView> remove(CurrentUser user, String guestToken, UUID partId, String operationId, Integer expected) {
        return write(user, guestToken, operationId, expected, Set.of(), (cart, known) -> cart.remove(partId));
    }

    Mono<CartView> clear(CurrentUser user, String guestToken, String operationId, Integer expected) {
        return write(user, guestToken, operationId, expected, Set.of(), (cart, known) -> cart.clear());
    }

    /**
     * Folds a guest cart into the signed-in user's cart, exactly once (see {@link Cart#merge}). Both
     * carts are locked, the user's first, so a concurrent write from another device of the user waits
     * and its effect survives.
     */
    Mono<CartView> merge(CurrentUser user, MergeCarts request) {
        if (user.isGuest()) {
            return Mono.error(ApiProblems.of(HttpStatus.UNAUTHORIZED, "Log in to merge a guest cart."));
        }
        Mono<CartView> merged = carts.lockUserCart(user.id())
                .zipWhen(target -> carts.findGuestCart(hash(request.guestToken()), true)
                        .defaultIfEmpty(Cart.newGuestCart(hash(request.guestToken()))))
                .flatMap(both -> prices.findAll(union(both.getT1(), both.getT2()))
                        .flatMap(known -> both.getT1()
                                .merge(both.getT2(), known, limits)
                                .map(merge -> applyMerge(merge, known))
                                .orElseGet(() -> Mono.just(CartViews.of(both.getT1(), known)))));
        return merged.as(tx::transactional).onErrorMap(CartException.class, Shopping::problem);
    }

    /**
     * An order of this cart was paid: its quantities come off the cart, once per order (the order id
     * is the operation id), in the caller's (inbox) transaction, with a {@code cart.changed.v1} so the
     * buyer's devices see it.
     */
    public Mono<Void> removeOrdered(UUID cartId, boolean guest, UUID orderId, Map<UUID, Integer> ordered) {
        return carts.lockById(guest ? CartKind.GUEST : CartKind.USER, cartId)
                .filterWhen(cart -> carts.firstTime(cart, "order:" + orderId))
                .flatMap(cart -> Mono.justOrEmpty(cart.removeOrdered(ordered)))
                .flatMap(this::save);
    }

    private Mono<CartView> applyMerge(Cart.Merge merge, Map<UUID, PartPrice> known) {
        return save(merge.guest())
                .then(save(merge.target()))
                .then(carts.recordMerge(merge.guest().cart(), merge.target().cart()))
                .thenReturn(CartViews.of(merge.target().cart(), known));
    }

    /** The one shape of every cart write; {@code decision} is the aggregate's method for it. */
    private Mono<CartView> write(
            CurrentUser user,
            String guestToken,
            String operationId,
            Integer expected,
            Set<UUID> parts,
            BiFunction<Cart, Map<UUID, PartPrice>, Cart.Change> decision) {
        Mono<CartView> written = lock(user, guestToken)
                .flatMap(cart -> carts.firstTime(cart, operationId)
                        .flatMap(first -> prices.findAll(union(cart, parts))
                                .flatMap(known -> first
                                        ? decide(cart, expected, known, decision)
                                        : Mono.just(CartViews.of(cart, known)))));
        return written.as(tx::transactional).onErrorMap(CartException.class, Shopping::problem);
    }

    private Mono<CartView> decide(
            Cart cart,
            Integer expected,
            Map<UUID, PartPrice> known,
            BiFunction<Cart, Map<UUID, PartPrice>, Cart.Change> decision) {
        return Mono.fromCallable(() -> decision.apply(cart.expecting(expected), known))
                .flatMap(change -> save(change).thenReturn(CartViews.of(change.cart(), known)));
    }

    private Mono<Void> save(Cart.Change change) {
        return carts.save(change.cart()).then(outbox.append(change.event()));
    }

    private Mono<Cart> lock(CurrentUser user, String guestToken) {
        return Mono.defer(
                () -> user.isGuest() ? carts.lockGuestCart(guestHash(guestToken)) : carts.lockUserCart(user.id()));
    }

    private static String guestHash(String token) {
        if (token == null || token.isBlank()) {
            throw ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, or a guest cart's X-Cart-Token.");
        }
        return hash(token);
    }

    private static PartPrice priceOf(Map<UUID, PartPrice> known, UUID partId) {
        PartPrice price = known.get(partId);
        if (price == null) {
            throw new CartException(CartException.Reason.UNKNOWN_PART, "No part with id " + partId + ".");
        }
        return price;
    }

    private static List<UUID> union(Cart cart, Set<UUID> more) {
        Set<UUID> ids = new LinkedHashSet<>(cart.partIds());
        ids.addAll(more);
        return new ArrayList<>(ids);
    }

    private static List<UUID> union(Cart one, Cart other) {
        return union(one, Set.copyOf(other.partIds()));
    }

    private static ErrorResponseException problem(CartException rule) {
        return switch (rule.reason()) {
            case STALE -> ApiProblems.preconditionFailed(rule.getMessage());
            case QUANTITY_TOO_HIGH -> ApiProblems.invalid("quantity", rule.getMessage());
            case NO_SUCH_LINE, UNKNOWN_PART -> ApiProblems.of(HttpStatus.NOT_FOUND, rule.getMessage());
            case NOT_PURCHASABLE, TOO_MANY_LINES, OUT_OF_STOCK, MERGED -> ApiProblems.conflict(rule.getMessage());
        };
    }

    /** SHA-256 of a guest token: what the database keeps and what names the guest cart's realtime channel. */
    public static String hash(String token) {
        return SecretTokens.sha256Hex(token);
    }
}
