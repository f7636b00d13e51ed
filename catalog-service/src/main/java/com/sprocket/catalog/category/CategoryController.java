package com.sprocket.catalog.category;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/catalog/categories")
@Tag(name = "Categories", description = "The category tree (everyone reads, admins edit)")
class CategoryController {

    private final Categories categories;

    CategoryController(Categories categories) {
        this.categories = categories;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping
    @Operation(summary = "The whole category tree")
    Mono<List<Category>> tree() {
        return categories.tree();
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping("/{id}")
    @Operation(summary = "One category")
    Mono<Category> one(@PathVariable UUID id) {
        return categories.find(id);
    }

    @ProblemResponses(409)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a category (admins)")
    Mono<Category> create(@Valid @RequestBody CreateCategory request) {
        return categories.create(request);
    }

    @ProblemResponses(409)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an empty leaf category (admins)")
    Mono<Void> delete(@PathVariable UUID id) {
        return categories.delete(id);
    }
}
