package com.sprocket.notification.notice;

import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/notifications")
@Tag(name = "Notifications", description = "Your notifications inbox")
@Validated
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    @Operation(summary = "Your notifications, newest first")
    Mono<Page<Notification>> list(
            CurrentUser user,
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String after) {
        return notifications.list(user, unread, limit, after);
    }

    @GetMapping("/unread-count")
    @Operation(summary = "How many are unread")
    Mono<Map<String, Long>> unreadCount(CurrentUser user) {
        return notifications.unreadCount(user);
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one read")
    Mono<Notification> read(@PathVariable UUID id, CurrentUser user) {
        return notifications.markRead(id, user);
    }

    @PostMapping("/read-all")
    @Operation(summary = "Mark all read")
    Mono<Map<String, Long>> readAll(CurrentUser user) {
        return notifications.markAllRead(user);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete one")
    Mono<Void> delete(@PathVariable UUID id, CurrentUser user) {
        return notifications.delete(id, user);
    }
}
