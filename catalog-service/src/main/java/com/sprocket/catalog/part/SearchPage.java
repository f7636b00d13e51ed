package com.sprocket.catalog.part;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of search results: the parts, the cursor of the next page, and the facet counts of the whole
 * query (on the first page only: later pages of the same query have the same counts).
 */
public record SearchPage(
        List<PartSummary> items,
        @Nullable String next,
        // absent (not null) when PostgreSQL answered: it does not count facets
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Facets facets) {

    /**
     * Counts of the current query's matches by brand, category (a part counts for its category and
     * every ancestor, so a parent's count includes its subcategories), condition, price band (minor
     * units, {@code from} inclusive, {@code to} exclusive) and availability.
     */
    public record Facets(
            List<Count> brand, List<Count> category, List<Count> condition, List<Count> price, List<Count> inStock) {}

    /** One facet value and how many matches have it. */
    public record Count(String value, long count) {}
}
