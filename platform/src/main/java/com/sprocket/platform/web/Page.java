package com.sprocket.platform.web;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a cursor-paginated list.
 *
 * @param items the rows
 * @param next cursor for the following page ({@code ?after=}), null on the last page
 */
public record Page<T>(List<T> items, @Nullable String next) {

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only tells that
     * there is a next page, whose cursor is made from the last row shown.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<T> shown = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(shown), more ? cursorOf.apply(shown.getLast()) : null);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
