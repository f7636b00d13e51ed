package com.sprocket.notification.messaging;

import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/messages")
@Tag(name = "Messaging", description = "Conversations between a customer and a vendor")
@Validated
class MessagingController {

    private final Conversations conversations;

    MessagingController(Conversations conversations) {
        this.conversations = conversations;
    }

    @ProblemResponses({404, 409, 429})
    @PostMapping("/conversations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a conversation with a vendor (customers), with its first message")
    Mono<Conversation> start(@Valid @RequestBody StartConversation request, CurrentUser user) {
        return conversations.start(request, user);
    }

    @GetMapping("/conversations")
    @Operation(summary = "Your conversations with their unread counts, latest first")
    Mono<Page<Conversation>> list(
            CurrentUser user,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String after) {
        return conversations.list(user, limit, after);
    }

    @GetMapping("/conversations/{id}/messages")
    @Operation(summary = "Messages of a conversation, newest first (participants; admins for moderation)")
    Mono<Page<Message>> messages(
            @PathVariable UUID id,
            CurrentUser user,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String after) {
        return conversations.messages(id, user, limit, after);
    }

    @ProblemResponses(429)
    @PostMapping("/conversations/{id}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Write in a conversation you take part in")
    Mono<Message> send(@PathVariable UUID id, @Valid @RequestBody SendMessage request, CurrentUser user) {
        return conversations.send(id, request, user);
    }

    @PostMapping("/messages/{id}/hide")
    @Operation(summary = "Hide a message (admins)")
    Mono<Message> hide(@PathVariable UUID id, CurrentUser admin) {
        return conversations.hide(id, admin);
    }
}
