package com.sprocket.notification.audit;

import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/audit/activity")
@Tag(name = "Audit log", description = "Admins read; super_admin also purges")
@Validated
class AuditController {

    private final ActivityLogs logs;

    AuditController(ActivityLogs logs) {
        this.logs = logs;
    }

    @GetMapping
    @Operation(summary = "Search the audit log by actor, entity and time range, newest first")
    Mono<Page<Activity>> search(
            @RequestParam(required = false) UUID actor,
            @RequestParam(required = false) @Size(max = 50) String entityType,
            @RequestParam(required = false) @Size(max = 100) String entityId,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String after) {
        return logs.search(actor, entityType, entityId, from, to, limit, after);
    }

    @DeleteMapping
    @Operation(summary = "Purge entries older than `before` (super_admin)")
    Mono<Map<String, Long>> purge(@RequestParam Instant before) {
        return logs.purgeBefore(before);
    }
}
