package com.sprocket.catalog.part;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Preconditions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/catalog/parts")
@Tag(name = "Parts", description = "Browse and search spare parts; vendors manage their own")
class PartController {

    private static final String IDEMPOTENCY_KEY = "[A-Za-z0-9_-]{8,100}";

    private final PartCatalog catalog;

    PartController(PartCatalog catalog) {
        this.catalog = catalog;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping
    @Operation(
            summary = "Search and browse parts (cursor pagination: pass `next` as `after`); the first page carries"
                    + " facet counts of the whole query (brand, category with its subcategories, condition, price band,"
                    + " in stock)")
    Mono<SearchPage> search(@Valid @ParameterObject SearchQuery query) {
        return catalog.search(query);
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping("/{id}")
    @Operation(summary = "One part; its version is the ETag")
    Mono<ResponseEntity<PartView>> one(@PathVariable UUID id, CurrentUser user) {
        return catalog.get(id, user).map(PartController::withETag);
    }

    @ProblemResponses(409)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a part (vendors: for themselves; admins: for any vendor)")
    Mono<ResponseEntity<PartView>> create(@Valid @RequestBody CreatePart request, CurrentUser user) {
        return catalog.create(request, user)
                .map(part -> ResponseEntity.status(HttpStatus.CREATED)
                        .eTag(String.valueOf(part.version()))
                        .header(HttpHeaders.LOCATION, "/api/catalog/parts/" + part.id())
                        .body(part));
    }

    @ProblemResponses(422)
    @PostMapping("/imports")
    @Operation(
            summary = "Upload up to 100 parts at once (a vendor's catalogue): created together or not at all, each"
                    + " published like a single create; 201 with their ids in the order sent, or 200 with the same"
                    + " answer when the Idempotency-Key was used before with the same body",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "The parts, created",
                        content = @Content(schema = @Schema(implementation = PartImport.class))),
                @ApiResponse(
                        responseCode = "200",
                        description = "The upload this Idempotency-Key made before",
                        content = @Content(schema = @Schema(implementation = PartImport.class)))
            })
    Mono<ResponseEntity<PartImport>> importParts(
            @Parameter(description = "Your key for this upload: a retry with the same key and body creates nothing new")
                    @RequestHeader(name = "Idempotency-Key")
                    @io.swagger.v3.oas.annotations.media.Schema(
                            pattern = IDEMPOTENCY_KEY,
                            minLength = 8,
                            maxLength = 100)
                    String idempotencyKey,
            @Valid @RequestBody ImportParts request,
            CurrentUser user) {
        // checked here rather than by @Validated, which would put a validating proxy in front of the
        // searches and part pages of this controller too
        if (!idempotencyKey.matches(IDEMPOTENCY_KEY)) {
            return Mono.error(ApiProblems.invalid("Idempotency-Key", "must be 8-100 of A-Z, a-z, 0-9, _ and -"));
        }
        return catalog.importParts(request, idempotencyKey, user)
                .map(imported -> ResponseEntity.status(imported.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                        .body(imported.made()));
    }

    @ProblemResponses(409)
    @PatchMapping("/{id}")
    @Operation(summary = "Change fields of your part; send If-Match with its version to avoid lost updates")
    Mono<ResponseEntity<PartView>> update(
            @PathVariable UUID id,
            @Valid @RequestBody UpdatePart changes,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            CurrentUser user) {
        return Mono.fromCallable(() -> java.util.Optional.ofNullable(Preconditions.expectedVersion(ifMatch)))
                .flatMap(version -> catalog.update(id, changes, version.orElse(null), user))
                .map(PartController::withETag);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Withdraw your part from sale (soft delete)")
    Mono<Void> delete(@PathVariable UUID id, CurrentUser user) {
        return catalog.delete(id, user);
    }

    @ProblemResponses(409)
    @PostMapping("/{id}/stock")
    @Operation(summary = "Adjust the stock of your part; a fall to the threshold raises an alert")
    Mono<ResponseEntity<PartView>> adjustStock(
            @PathVariable UUID id, @Valid @RequestBody AdjustStock adjustment, CurrentUser user) {
        return catalog.adjustStock(id, adjustment, user).map(PartController::withETag);
    }

    private static ResponseEntity<PartView> withETag(PartView part) {
        return ResponseEntity.ok().eTag(String.valueOf(part.version())).body(part);
    }
}
