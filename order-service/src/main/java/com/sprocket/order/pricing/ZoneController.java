package com.sprocket.order.pricing;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import com.sprocket.platform.web.Preconditions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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

/** Shipping zones, methods and tax rates: anyone reads them (the PWA shows shipping options); admins write. */
@RestController
@RequestMapping("/api/orders/shipping-zones")
@Tag(name = "Shipping and tax", description = "Where we ship, at what price and tax")
@Validated
class ZoneController {

    private final ZoneAdmin admin;

    ZoneController(ZoneAdmin admin) {
        this.admin = admin;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping
    @Operation(summary = "Shipping zones with their methods and tax rates, a page at a time")
    Mono<Page<ShippingZone>> list(
            @RequestParam(required = false) @Size(max = 100) String after,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
        return admin.list(after, limit);
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping("/{id}")
    @Operation(summary = "One shipping zone")
    Mono<ShippingZone> get(@PathVariable UUID id) {
        return admin.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a shipping zone (admin)")
    Mono<ShippingZone> create(CurrentUser user, @Valid @RequestBody ZoneRequest request) {
        return admin.create(request, user);
    }

    @PutMapping("/{id}")
    @ProblemResponses({404})
    @Operation(summary = "Replace a shipping zone with its methods and rates (admin)")
    Mono<ResponseEntity<ShippingZone>> replace(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ZoneRequest request) {
        return admin.replace(id, request, Preconditions.expectedVersion(ifMatch), user)
                .map(zone ->
                        ResponseEntity.ok().eTag(String.valueOf(zone.version())).body(zone));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a shipping zone (admin)")
    Mono<Void> delete(CurrentUser user, @PathVariable UUID id) {
        return admin.delete(id, user);
    }
}
