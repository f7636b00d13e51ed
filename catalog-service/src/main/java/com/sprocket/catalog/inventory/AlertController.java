package com.sprocket.catalog.inventory;

import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/catalog/inventory/alerts")
@Tag(name = "Inventory alerts", description = "Low-stock alerts of a vendor's parts")
@Validated
class AlertController {

    private final InventoryAlerts alerts;

    AlertController(InventoryAlerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping
    @Operation(summary = "List alerts, newest first (vendors: their own; admins: all)")
    Mono<Page<InventoryAlert>> list(
            @RequestParam(required = false) @Pattern(regexp = "open|acknowledged|resolved") String status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) String after,
            CurrentUser user) {
        return alerts.list(user, status, limit, after);
    }

    @ProblemResponses(409)
    @PostMapping("/{id}/acknowledge")
    @Operation(summary = "Acknowledge an open alert of your own part")
    Mono<InventoryAlert> acknowledge(@PathVariable UUID id, CurrentUser user) {
        return alerts.acknowledge(id, user);
    }
}
