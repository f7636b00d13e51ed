package com.sprocket.cart.cart;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Preconditions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/carts/current} is the caller's cart: the signed-in user's, or for a guest the cart of
 * the {@code X-Cart-Token} header. There is no way to name another cart. Writes accept
 * {@code If-Match: "<version>"} (412 when stale) and an {@code operationId} that makes retries no-ops.
 */
@RestController
@RequestMapping("/api/carts")
@Tag(name = "Carts", description = "Your cart, as a user or as a guest with a cart token")
@Validated
@ApiAccess(ApiAccess.Level.USER_OR_CART_TOKEN)
@ProblemResponses({404, 409})
class CartController {

    static final String TOKEN = "X-Cart-Token";

    private final Shopping shopping;

    CartController(Shopping shopping) {
        this.shopping = shopping;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @PostMapping("/guest")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Start a guest cart: a new secret guestToken (send it as X-Cart-Token); the cart is stored from its first item on")
    Mono<ResponseEntity<CartView>> guest() {
        return shopping.newGuestToken()
                .map(cart -> ResponseEntity.status(HttpStatus.CREATED)
                        .eTag(tag(cart))
                        .body(cart));
    }

    @GetMapping("/current")
    @Operation(summary = "Your cart with current prices, flags and subtotal")
    Mono<ResponseEntity<CartView>> current(
            CurrentUser user, @RequestHeader(name = TOKEN, required = false) String token) {
        return shopping.current(user, token).map(CartController::ok);
    }

    @PostMapping("/current/items")
    @Operation(summary = "Add units of a part (adds to an existing line)")
    Mono<ResponseEntity<CartView>> add(
            CurrentUser user,
            @RequestHeader(name = TOKEN, required = false) String token,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody AddItem request) {
        return Mono.defer(() -> shopping.add(user, token, request, expected(ifMatch, request.expectedVersion())))
                .map(CartController::ok);
    }

    @PutMapping("/current/items/{partId}")
    @Operation(summary = "Set a line's quantity (0 removes it)")
    Mono<ResponseEntity<CartView>> set(
            CurrentUser user,
            @RequestHeader(name = TOKEN, required = false) String token,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @PathVariable UUID partId,
            @Valid @RequestBody SetQuantity request) {
        return Mono.defer(
                        () -> shopping.set(user, token, partId, request, expected(ifMatch, request.expectedVersion())))
                .map(CartController::ok);
    }

    @DeleteMapping("/current/items/{partId}")
    @Operation(summary = "Remove a line")
    Mono<ResponseEntity<CartView>> remove(
            CurrentUser user,
            @RequestHeader(name = TOKEN, required = false) String token,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @PathVariable UUID partId,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String operationId,
            @RequestParam(required = false) @Min(0) Integer expectedVersion) {
        return Mono.defer(() -> shopping.remove(user, token, partId, operationId, expected(ifMatch, expectedVersion)))
                .map(CartController::ok);
    }

    @DeleteMapping("/current/items")
    @Operation(summary = "Empty the cart")
    Mono<ResponseEntity<CartView>> clear(
            CurrentUser user,
            @RequestHeader(name = TOKEN, required = false) String token,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String operationId,
            @RequestParam(required = false) @Min(0) Integer expectedVersion) {
        return Mono.defer(() -> shopping.clear(user, token, operationId, expected(ifMatch, expectedVersion)))
                .map(CartController::ok);
    }

    @ApiAccess(ApiAccess.Level.USER)
    @PostMapping("/merge")
    @Operation(summary = "After login: fold the guest cart into yours, exactly once")
    Mono<ResponseEntity<CartView>> merge(CurrentUser user, @Valid @RequestBody MergeCarts request) {
        return shopping.merge(user, request).map(CartController::ok);
    }

    private static ResponseEntity<CartView> ok(CartView cart) {
        return ResponseEntity.ok().eTag(tag(cart)).body(cart);
    }

    private static String tag(CartView cart) {
        return String.valueOf(cart.version());
    }

    /**
     * The version the client wrote against: from If-Match, or (so a browser's write needs no
     * preflight per request) from the body or query as {@code expectedVersion}. Both given must agree.
     */
    private static Integer expected(String ifMatch, Integer expectedVersion) {
        Integer fromHeader = Preconditions.expectedVersion(ifMatch);
        if (fromHeader != null && expectedVersion != null && !fromHeader.equals(expectedVersion)) {
            throw ApiProblems.invalid("expectedVersion", "does not match If-Match");
        }
        return expectedVersion != null ? expectedVersion : fromHeader;
    }
}
