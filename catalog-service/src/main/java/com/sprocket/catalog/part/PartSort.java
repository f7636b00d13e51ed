package com.sprocket.catalog.part;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Orders of a part listing; each is a keyset (cursor) order that ends in the id as a tie-break. */
public enum PartSort {
    RELEVANCE("rank DESC, id DESC", "(rank, id) < (:afterValue, :afterId)"),
    PRICE_ASC("price_minor ASC, id ASC", "(price_minor, id) > (:afterValue, :afterId)"),
    PRICE_DESC("price_minor DESC, id DESC", "(price_minor, id) < (:afterValue, :afterId)"),
    NEWEST("created_at DESC, id DESC", "(created_at, id) < (:afterValue, :afterId)"),
    RATING("rating_avg DESC, id DESC", "(rating_avg, id) < (:afterValue, :afterId)");

    final String orderBy;
    final String after;

    PartSort(String orderBy, String after) {
        this.orderBy = orderBy;
        this.after = after;
    }

    /** How the API names it: {@code relevance}, {@code price_asc}, ... */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PartSort of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
