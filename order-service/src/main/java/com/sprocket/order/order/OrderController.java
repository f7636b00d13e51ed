package com.sprocket.order.order;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ApiDocumentation;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Checkout and the buyer's orders. Customers check out with their bearer token, guests with their cart
 * token and an email (and then read the order with the token the checkout returned); admins read and
 * cancel all.
 */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "Checkout and your orders")
@Validated
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String STATUSES = "placed|awaiting_payment|rejected|paid|shipped|delivered|cancelled|expired";

    private final Checkout checkout;
    private final OrderBook book;

    OrderController(Checkout checkout, OrderBook book) {
        this.checkout = checkout;
        this.book = book;
    }

    @ApiAccess(ApiAccess.Level.USER_OR_CART_TOKEN)
    @PostMapping
    @ProblemResponses({403, 409, 422})
    @Operation(
            summary = "Check out the cart at the version you saw: 201 with the new order (placed, awaiting stock), "
                    + "or 200 with the same order when the Idempotency-Key was used before with the same body",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "The new order, placed; catalog reserves its stock next",
                        content = @Content(schema = @Schema(implementation = OrderView.class))),
                @ApiResponse(
                        responseCode = "200",
                        description = "The order this Idempotency-Key made before",
                        content = @Content(schema = @Schema(implementation = OrderView.class)))
            })
    Mono<ResponseEntity<OrderView>> place(
            CurrentUser user,
            @RequestHeader(name = ApiDocumentation.CART_TOKEN_HEADER, required = false) String cartToken,
            @Parameter(
                            description =
                                    "Your key for this checkout: a retry with the same key and body returns the same order")
                    @RequestHeader(name = IDEMPOTENCY_KEY)
                    @Pattern(regexp = "[A-Za-z0-9_-]{8,100}", message = "must be 8-100 of A-Z, a-z, 0-9, _ and -")
                    String idempotencyKey,
            @Valid @RequestBody PlaceOrder request) {
        return checkout.place(user, cartToken, idempotencyKey, request)
                .map(placed -> ResponseEntity.status(placed.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                        .eTag(String.valueOf(placed.order().version()))
                        .body(OrderView.of(placed.order(), placed.accessToken())));
    }

    @GetMapping
    @Operation(summary = "Your orders, newest first (admins: everyone's, or one customer's)")
    Mono<Page<OrderView>> list(
            CurrentUser user,
            @RequestParam(required = false) UUID customerId,
            @RequestParam(required = false) @Pattern(regexp = STATUSES) String status,
            @RequestParam(required = false) @Size(max = 200) String after,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return book.list(user, customerId, status, after, limit);
    }

    @ApiAccess(ApiAccess.Level.USER_OR_ORDER_TOKEN)
    @ProblemResponses({403})
    @GetMapping("/{id}")
    @Operation(summary = "One of your orders (a guest sends the order's X-Order-Token)")
    Mono<ResponseEntity<OrderView>> get(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestHeader(name = ApiDocumentation.ORDER_TOKEN_HEADER, required = false) String orderToken) {
        return book.get(id, user, orderToken)
                .map(order -> ResponseEntity.ok()
                        .eTag(String.valueOf(order.version()))
                        .body(OrderView.of(order)));
    }

    @ApiAccess(ApiAccess.Level.USER_OR_ORDER_TOKEN)
    @PostMapping("/{id}/cancel")
    @ProblemResponses({403, 409})
    @Operation(
            summary = "Cancel your order: before payment it is cancelled and its stock released; once paid (nothing"
                    + " shipped yet) a full refund is requested and the order is cancelled when it is done")
    Mono<OrderView> cancel(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestHeader(name = ApiDocumentation.ORDER_TOKEN_HEADER, required = false) String orderToken) {
        return book.cancel(id, user, orderToken).map(OrderView::of);
    }
}
