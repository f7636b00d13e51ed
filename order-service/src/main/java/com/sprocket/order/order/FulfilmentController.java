package com.sprocket.order.order;

import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Vendors fulfil their part of orders: they see only orders with their lines (their shipment, lines and
 * the shipping address) and move their shipment to shipped and delivered. Admins act for any vendor.
 */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Fulfilment", description = "Vendors' shipments")
@Validated
class FulfilmentController {

    private final OrderBook book;

    FulfilmentController(OrderBook book) {
        this.book = book;
    }

    @GetMapping("/vendor")
    @Operation(summary = "Your shipments, newest first (admins name the vendor)")
    Mono<Page<VendorOrderView>> list(
            CurrentUser user,
            @RequestParam(required = false) UUID vendorId,
            @RequestParam(required = false) @Pattern(regexp = "pending|shipped|delivered|cancelled") String status,
            @RequestParam(required = false) @Size(max = 200) String after,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return book.listForVendor(user, vendorId, status, after, limit);
    }

    @GetMapping("/vendor/{id}")
    @Operation(summary = "Your part of one order (admins name the vendor)")
    Mono<VendorOrderView> get(CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) UUID vendorId) {
        return book.getForVendor(id, user, vendorId);
    }

    @PostMapping("/{id}/shipments/{vendorId}/ship")
    @ProblemResponses({409})
    @Operation(summary = "Hand your shipment of a paid order to a carrier")
    Mono<VendorOrderView> ship(
            CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID vendorId,
            @Valid @RequestBody ShipShipment request) {
        return book.ship(id, vendorId, request, user);
    }

    @PostMapping("/{id}/shipments/{vendorId}/deliver")
    @ProblemResponses({409})
    @Operation(summary = "Mark your shipped shipment delivered")
    Mono<VendorOrderView> deliver(CurrentUser user, @PathVariable UUID id, @PathVariable UUID vendorId) {
        return book.deliver(id, vendorId, user);
    }
}
