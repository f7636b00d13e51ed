package com.sprocket.payment.payment;

import com.sprocket.payment.config.PaymentProperties;
import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ApiDocumentation;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
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
import java.util.List;
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
 * Payments: the buyer starts one for an order awaiting payment and follows it (the order's SSE stream
 * shows each change; {@code GET} is the fallback); vendors read the payments of their orders; admins
 * read all; super admins refund.
 */
@RestController
@RequestMapping("/api/payments")
@Tag(name = "Payments", description = "Paying orders with TJ, and refunds")
@Validated
class PaymentController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String KEY_PATTERN = "[A-Za-z0-9_-]{8,100}";
    static final String KEY_MESSAGE = "must be 8-100 of A-Z, a-z, 0-9, _ and -";
    static final String STATUSES = "pending|processing|authorised|paid|settled|failed|refunded";

    private final Paying paying;
    private final PaymentBook book;
    private final Refunding refunding;
    private final String providerUrl;

    PaymentController(Paying paying, PaymentBook book, Refunding refunding, PaymentProperties properties) {
        this.paying = paying;
        this.book = book;
        this.refunding = refunding;
        this.providerUrl = properties.tj().baseUrl().toString().replaceAll("/$", "");
    }

    @ApiAccess(ApiAccess.Level.USER_OR_ORDER_TOKEN)
    @PostMapping
    @ProblemResponses({403, 404, 409, 422, 503})
    @Operation(
            summary = "Pay an order awaiting payment: 201 with the new payment and what the browser needs to confirm "
                    + "it at TJ (or charged at once with a saved card), 200 with the same payment on a retry",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "The payment, created at TJ",
                        content = @Content(schema = @Schema(implementation = PaymentView.class))),
                @ApiResponse(
                        responseCode = "200",
                        description = "The payment this Idempotency-Key started before",
                        content = @Content(schema = @Schema(implementation = PaymentView.class)))
            })
    Mono<ResponseEntity<PaymentView>> start(
            CurrentUser user,
            @RequestHeader(name = ApiDocumentation.ORDER_TOKEN_HEADER, required = false) String orderToken,
            @Parameter(description = "Your key for this payment: a retry with the same key and body returns it")
                    @RequestHeader(name = IDEMPOTENCY_KEY)
                    @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE)
                    String idempotencyKey,
            @Valid @RequestBody StartPayment request) {
        return paying.start(user, orderToken, idempotencyKey, request)
                .map(started -> ResponseEntity.status(started.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                        .body(PaymentView.forBuyer(started.payment(), providerUrl, started.nextActionUrl())));
    }

    @GetMapping
    @Operation(summary = "Payments newest first: yours (customers), your orders' (vendors), everyone's (admins)")
    Mono<Page<PaymentView>> list(
            CurrentUser user,
            @RequestParam(required = false) UUID orderId,
            @RequestParam(required = false) @Pattern(regexp = STATUSES) String status,
            @RequestParam(required = false) @Size(max = 200) String after,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return book.list(user, orderId, status, after, limit).map(page -> page.map(PaymentView::of));
    }

    @ApiAccess(ApiAccess.Level.USER_OR_ORDER_TOKEN)
    @ProblemResponses({403})
    @GetMapping("/{id}")
    @Operation(summary = "One payment (a guest sends the order's X-Order-Token); the fallback to the live stream")
    Mono<PaymentView> get(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestHeader(name = ApiDocumentation.ORDER_TOKEN_HEADER, required = false) String orderToken) {
        return book.get(id, user, orderToken)
                .map(payment -> buyer(user, payment)
                        ? PaymentView.forBuyer(payment, providerUrl, null)
                        : PaymentView.of(payment));
    }

    @ApiAccess(ApiAccess.Level.USER_OR_ORDER_TOKEN)
    @ProblemResponses({403})
    @GetMapping("/{id}/refunds")
    @Operation(summary = "The payment's refunds, oldest first")
    Mono<List<RefundView>> refunds(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestHeader(name = ApiDocumentation.ORDER_TOKEN_HEADER, required = false) String orderToken) {
        return book.refunds(id, user, orderToken)
                .map(refunds -> refunds.stream().map(RefundView::of).toList());
    }

    @PostMapping("/{id}/refunds")
    @ProblemResponses({409, 422, 503})
    @Operation(
            summary = "Refund part or all of a captured payment (super admins): 201 refunded, 202 pending while TJ "
                    + "is unavailable, 200 the refund this Idempotency-Key made before",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Refunded (or refused by TJ: status failed)",
                        content = @Content(schema = @Schema(implementation = RefundView.class))),
                @ApiResponse(
                        responseCode = "202",
                        description = "Accepted; TJ is unavailable, the refund is executed once it is back",
                        content = @Content(schema = @Schema(implementation = RefundView.class))),
                @ApiResponse(
                        responseCode = "200",
                        description = "The refund this Idempotency-Key made before",
                        content = @Content(schema = @Schema(implementation = RefundView.class)))
            })
    Mono<ResponseEntity<RefundView>> refund(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "Your key for this refund: a retry with the same key refunds once")
                    @RequestHeader(name = IDEMPOTENCY_KEY)
                    @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE)
                    String idempotencyKey,
            @Valid @RequestBody RefundRequest request) {
        if (!user.has(com.sprocket.platform.security.Role.SUPER_ADMIN)) {
            return Mono.error(ApiProblems.forbidden("Only super admins refund; customers cancel their order."));
        }
        return refunding
                .request(id, request.amountMinor(), request.reason(), idempotencyKey, "user:" + user.id())
                .map(requested -> ResponseEntity.status(
                                !requested.created()
                                        ? HttpStatus.OK
                                        : Refund.PENDING.equals(
                                                        requested.refund().status())
                                                ? HttpStatus.ACCEPTED
                                                : HttpStatus.CREATED)
                        .body(RefundView.of(requested.refund())));
    }

    private static boolean buyer(CurrentUser user, Payment payment) {
        return user.isGuest() || user.owns(payment.customerId());
    }
}
