package com.sprocket.catalog.review;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Reviews", description = "Customer reviews of parts; admins moderate")
@Validated
class ReviewController {

    private final Reviews reviews;

    ReviewController(Reviews reviews) {
        this.reviews = reviews;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping("/api/catalog/parts/{partId}/reviews")
    @Operation(summary = "Reviews of a part, newest first (hidden ones only for their author and admins)")
    Mono<Page<Review>> list(
            @PathVariable UUID partId,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) String after,
            CurrentUser user) {
        return reviews.list(partId, user, limit, after);
    }

    @ProblemResponses(409)
    @PostMapping("/api/catalog/parts/{partId}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Review a part (customers, once per part)")
    Mono<Review> write(@PathVariable UUID partId, @Valid @RequestBody WriteReview request, CurrentUser user) {
        return reviews.write(partId, request, user);
    }

    @PutMapping("/api/catalog/reviews/{id}")
    @Operation(summary = "Edit your review")
    Mono<Review> edit(@PathVariable UUID id, @Valid @RequestBody WriteReview request, CurrentUser user) {
        return reviews.edit(id, request, user);
    }

    @DeleteMapping("/api/catalog/reviews/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete your review (admins: any review)")
    Mono<Void> delete(@PathVariable UUID id, CurrentUser user) {
        return reviews.delete(id, user);
    }

    @PostMapping("/api/catalog/reviews/{id}/hide")
    @Operation(summary = "Hide a review from the public (admins)")
    Mono<Review> hide(@PathVariable UUID id, CurrentUser user) {
        return reviews.moderate(id, true, user);
    }

    @PostMapping("/api/catalog/reviews/{id}/unhide")
    @Operation(summary = "Show a hidden review again (admins)")
    Mono<Review> unhide(@PathVariable UUID id, CurrentUser user) {
        return reviews.moderate(id, false, user);
    }
}
