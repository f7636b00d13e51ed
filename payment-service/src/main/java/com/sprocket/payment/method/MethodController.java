package com.sprocket.payment.method;

import com.sprocket.payment.payment.SavedMethods;
import com.sprocket.payment.payment.TjClient;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Customers' saved cards (tokenised at TJ): list your own, delete your own (super admins: any). */
@RestController
@RequestMapping("/api/payments/methods")
@Tag(name = "Saved cards", description = "Your tokenised cards")
class MethodController {

    private final SavedMethods methods;
    private final TjClient tj;

    MethodController(SavedMethods methods, TjClient tj) {
        this.methods = methods;
        this.tj = tj;
    }

    @GetMapping
    @Operation(summary = "Your saved cards, newest first (brand, last four digits, expiry; never the number)")
    Mono<List<MethodView>> list(CurrentUser user) {
        return methods.ofCustomer(user.id()).map(MethodView::of).collectList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ProblemResponses({403, 503})
    @Operation(summary = "Delete a saved card: detached at TJ, then no longer offered or chargeable")
    Mono<Void> delete(CurrentUser user, @PathVariable UUID id) {
        return methods.findUsable(id)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("payment method", id)))
                .flatMap(method -> {
                    if (!user.owns(method.customerId()) && !user.has(Role.SUPER_ADMIN)) {
                        return Mono.error(ApiProblems.forbidden("This card is not yours."));
                    }
                    return tj.deleteMethod(method.providerToken())
                            .onErrorMap(TjClient.Unavailable.class, down -> {
                                var problem = ApiProblems.of(
                                        HttpStatus.SERVICE_UNAVAILABLE,
                                        "The payment provider is unavailable; the card was not deleted. Try again shortly.");
                                problem.getHeaders()
                                        .set(
                                                "Retry-After",
                                                String.valueOf(down.retryAfter().toSeconds()));
                                return problem;
                            })
                            .then(methods.delete(id))
                            .then();
                });
    }
}
