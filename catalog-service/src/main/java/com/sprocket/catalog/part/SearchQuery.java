package com.sprocket.catalog.part;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Query parameters of {@code GET /api/catalog/parts}.
 *
 * @param q free text over title, part numbers, brand and description (weighted in that order)
 * @param partNumber OEM number lookup tolerant of spacing, dashes and small typos
 * @param category a category, including its subcategories
 * @param sort relevance (default with q or partNumber), price_asc, price_desc, newest (default), rating
 * @param limit page size, at most 100
 * @param after the {@code next} cursor of the previous page
 */
public record SearchQuery(
        @Size(max = 200) String q,
        @Size(max = 64) String partNumber,
        UUID category,
        @Size(max = 10) List<@Size(max = 80) String> brand,
        @Min(0) Long minPrice,
        @Min(0) Long maxPrice,

        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        Boolean inStock,
        UUID vendor,
        PartSort sort,
        @Min(1) @Max(100) Integer limit,
        @Size(max = 512) String after) {

    public static final int DEFAULT_LIMIT = 20;

    boolean hasText() {
        return q != null && !q.isBlank();
    }

    boolean hasPartNumber() {
        return partNumber != null && !partNumber.isBlank();
    }

    PartSort effectiveSort() {
        if (sort != null) {
            return sort;
        }
        return hasText() || hasPartNumber() ? PartSort.RELEVANCE : PartSort.NEWEST;
    }

    int pageSize() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /** The checks every search engine makes before it runs the query (400 problems). */
    public void validate() {
        if (hasPartNumber() && PartNumbers.normalize(partNumber).length() < 3) {
            throw com.sprocket.platform.web.ApiProblems.invalid("partNumber", "needs at least 3 letters or digits");
        }
        if (effectiveSort() == PartSort.RELEVANCE && !hasText() && !hasPartNumber()) {
            throw com.sprocket.platform.web.ApiProblems.invalid("sort", "relevance needs q or partNumber");
        }
        if (minPrice != null && maxPrice != null && maxPrice < minPrice) {
            throw com.sprocket.platform.web.ApiProblems.invalid("maxPrice", "must not be below minPrice");
        }
    }

    public boolean hasQueryText() {
        return hasText();
    }

    public boolean hasPartNumberFilter() {
        return hasPartNumber();
    }

    public PartSort sortOrDefault() {
        return effectiveSort();
    }

    public int size() {
        return pageSize();
    }
}
