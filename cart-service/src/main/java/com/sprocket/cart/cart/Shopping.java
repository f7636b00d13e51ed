package com.sprocket.cart.cart;

import com.sprocket.cart.config.CartProperties;
import com.sprocket.cart.pricing.PartPrice;
import com.sprocket.cart.pricing.PartPrices;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The cart use cases for users (by token) and guests (by cart token). Every change runs in one
 * transaction: idempotency check (operation id), optimistic version check (If-Match), the change, and
 * its {@code cart.changed.v1} event (outbox), which the realtime hub pushes to every open device.
 */
@Service
public class Shopping {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Carts carts;
    private final PartPrices prices;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final CartProperties limits;

    Shopping(Carts carts, PartPrices prices, Outbox outbox, TransactionalOperator tx, CartProperties limits) {
        this.carts = carts;
        this.prices = prices;
        this.outbox = outbox;
        this.tx = tx;
        this.limits = limits;
    }

    /** A new guest cart and its token (shown once; only its hash is stored). */
    Mono<CartView> createGuestCart() {
        String token = newToken();
        return carts.createGuestCart(hash(token)).flatMap(this::view).map(view -> view.withGuestToken(token));
    }

    Mono<CartView> current(CurrentUser user, String guestToken) {
        return resolve(user, guestToken, false).flatMap(this::view);
    }

    Mono<CartView> add(CurrentUser user, String guestToken, AddItem request, Integer ifMatch) {
        return change(
                user,
                guestToken,
                request.operationId(),
                ifMatch,
                cart -> prices.find(request.partId())
                        .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", request.partId())))
                        .flatMap(price -> carts.quantityOf(cart, request.partId())
                                .flatMap(existing -> existing == 0
                                        ? addLine(cart, price, request.quantity())
                                        : setQuantity(cart, price, existing + request.quantity()))));
    }

    Mono<CartView> set(CurrentUser user, String guestToken, UUID partId, SetQuantity request, Integer ifMatch) {
        return change(
                user,
                guestToken,
                request.operationId(),
                ifMatch,
                cart -> request.quantity() == 0
                        ? carts.removeLine(cart, partId)
                        : carts.quantityOf(cart, partId)
                                .flatMap(existing -> existing == 0
                                        ? Mono.error(ApiProblems.notFound("cart line for part", partId))
                                        : prices.find(partId)
                                                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", partId)))
                                                .flatMap(price -> setQuantity(cart, price, request.quantity()))));
    }

    Mono<CartView> remove(CurrentUser user, String guestToken, UUID partId, String operationId, Integer ifMatch) {
        return change(user, guestToken, operationId, ifMatch, cart -> carts.removeLine(cart, partId));
    }

    Mono<CartView> clear(CurrentUser user, String guestToken, String operationId, Integer ifMatch) {
        return change(user, guestToken, operationId, ifMatch, carts::clear);
    }

    /**
     * Folds a guest cart into the user's cart, exactly once (a retried merge returns the user's cart
     * unchanged). Rule: lines are taken in the guest cart's order; a part already in the user's cart
     * gets the quantities added, capped by the part's stock and by the per-line maximum; other parts
     * are appended (at the guest line's quantity, same caps) while the cart has room for more lines;
     * the rest are dropped. The guest cart is then closed.
     */
    Mono<CartView> merge(CurrentUser user, MergeCarts request) {
        if (user.isGuest()) {
            return Mono.error(ApiProblems.of(HttpStatus.UNAUTHORIZED, "Log in to merge a guest cart."));
        }
        Mono<CartRef> merged = carts.guestCart(hash(request.guestToken()), true)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("guest cart", "(token)")))
                .flatMap(guest -> carts.userCart(user.id())
                        .flatMap(target -> carts.alreadyMerged(guest.id())
                                .flatMap(done -> done ? Mono.just(target) : fold(guest, target))));
        return merged.as(tx::transactional).flatMap(this::view);
    }

    private Mono<CartRef> fold(CartRef guest, CartRef target) {
        return carts.lines(guest)
                .flatMap(lines -> foldLines(target, lines))
                .then(carts.recordMerge(guest.id(), target.id()))
                .then(carts.bumpVersion(guest, null).flatMap(version -> publish(guest, version, "merged")))
                .then(carts.bumpVersion(target, null).flatMap(version -> publish(target, version, "active")))
                .thenReturn(target);
    }

    private Mono<Void> foldLines(CartRef target, List<Carts.StoredLine> guestLines) {
        return reactor.core.publisher.Flux.fromIterable(guestLines)
                .concatMap(line -> prices.find(line.partId())
                        .filter(PartPrice::purchasable)
                        .flatMap(price -> carts.quantityOf(target, line.partId())
                                .flatMap(existing -> existing > 0
                                        ? carts.setLine(
                                                target,
                                                line.partId(),
                                                cap(existing + line.quantity(), price),
                                                price.priceMinor(),
                                                price.currency())
                                        : carts.lineCount(target)
                                                .flatMap(count -> count >= limits.maxLines()
                                                        ? Mono.empty()
                                                        : carts.setLine(
                                                                target,
                                                                line.partId(),
                                                                cap(line.quantity(), price),
                                                                line.priceAtAdd(),
                                                                line.currency())))))
                .then();
    }

    private Mono<CartView> change(
            CurrentUser user,
            String guestToken,
            String operationId,
            Integer ifMatch,
            Function<CartRef, Mono<Void>> work) {
        Mono<CartRef> changed = resolve(user, guestToken, true)
                .flatMap(cart -> carts.firstTime(cart, operationId)
                        .flatMap(first -> first ? apply(cart, ifMatch, work) : Mono.just(cart)));
        return changed.as(tx::transactional).flatMap(this::view);
    }

    private Mono<CartRef> apply(CartRef cart, Integer ifMatch, Function<CartRef, Mono<Void>> work) {
        return carts.bumpVersion(cart, ifMatch)
                .switchIfEmpty(Mono.error(() ->
                        ApiProblems.preconditionFailed("The cart changed since version " + ifMatch + "; reload it.")))
                .flatMap(version -> work.apply(cart).then(publish(cart, version, "active")))
                .thenReturn(cart);
    }

    private Mono<Void> addLine(CartRef cart, PartPrice price, int quantity) {
        if (!price.purchasable()) {
            return Mono.error(ApiProblems.conflict("This part is out of stock or no longer sold."));
        }
        return carts.lineCount(cart)
                .flatMap(count -> count >= limits.maxLines()
                        ? Mono.error(
                                ApiProblems.conflict("A cart holds at most " + limits.maxLines() + " different parts."))
                        : carts.setLine(
                                cart, price.partId(), checked(quantity, price), price.priceMinor(), price.currency()));
    }

    private Mono<Void> setQuantity(CartRef cart, PartPrice price, int quantity) {
        return Mono.fromCallable(() -> checked(quantity, price))
                .flatMap(valid -> carts.setLine(cart, price.partId(), valid, price.priceMinor(), price.currency()));
    }

    private int checked(int quantity, PartPrice price) {
        if (quantity > limits.maxQuantity()) {
            throw ApiProblems.invalid("quantity", "at most " + limits.maxQuantity() + " of one part per cart");
        }
        if (quantity > price.stock()) {
            throw ApiProblems.conflict("Only " + price.stock() + " in stock.");
        }
        return quantity;
    }

    private int cap(int quantity, PartPrice price) {
        return Math.max(1, Math.min(quantity, Math.min(limits.maxQuantity(), price.stock())));
    }

    private Mono<CartRef> resolve(CurrentUser user, String guestToken, boolean forUpdate) {
        if (!user.isGuest()) {
            return carts.userCart(user.id());
        }
        if (guestToken == null || guestToken.isBlank()) {
            return Mono.error(
                    ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, or a guest cart's X-Cart-Token."));
        }
        return carts.guestCart(hash(guestToken), forUpdate)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("guest cart", "(token)")))
                .flatMap(cart -> carts.guestStatus(cart.id())
                        .flatMap(status -> "merged".equals(status)
                                ? Mono.error(ApiProblems.conflict(
                                        "This guest cart was merged into a user's cart; use that one."))
                                : Mono.just(cart)));
    }

    private Mono<Void> publish(CartRef cart, int version, String status) {
        return carts.lines(cart)
                .flatMap(lines -> outbox.append(new OutboxEvent(
                        "cart.carts",
                        "cart",
                        cart.id().toString(),
                        CartChanged.TYPE,
                        new CartChanged(
                                cart.id(),
                                cart.kind().name().toLowerCase(),
                                cart.ownerId(),
                                cart.tokenHash(),
                                version,
                                status,
                                lines.stream()
                                        .map(line -> new CartChanged.Line(line.partId(), line.quantity()))
                                        .toList()))));
    }

    private Mono<CartView> view(CartRef cart) {
        return carts.lines(cart).zipWith(carts.versionOf(cart)).map(pair -> toView(cart, pair.getT2(), pair.getT1()));
    }

    private static CartView toView(CartRef cart, int version, List<Carts.StoredLine> stored) {
        List<CartView.Line> lines = new ArrayList<>();
        Map<String, Long> subtotals = new TreeMap<>();
        int items = 0;
        for (Carts.StoredLine line : stored) {
            boolean known = line.price() != null;
            boolean deleted = known && Boolean.TRUE.equals(line.deleted());
            boolean inStock =
                    known && !deleted && Boolean.TRUE.equals(line.available()) && line.stock() >= line.quantity();
            Long total = known && inStock ? line.price() * line.quantity() : null;
            if (total != null) {
                subtotals.merge(line.currency(), total, Long::sum);
            }
            items += line.quantity();
            lines.add(new CartView.Line(
                    line.partId(),
                    line.title(),
                    line.quantity(),
                    line.price(),
                    line.priceAtAdd(),
                    line.currency(),
                    known && line.price() != line.priceAtAdd(),
                    inStock,
                    deleted,
                    total));
        }
        return new CartView(cart.id(), cart.kind().name().toLowerCase(), version, lines, subtotals, items, null);
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of a guest token: what the database keeps and what names the guest cart's realtime channel. */
    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
