package com.sprocket.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.catalog.part.Condition;
import com.sprocket.catalog.part.Money;
import com.sprocket.catalog.part.PartSort;
import com.sprocket.catalog.part.SearchPage;
import com.sprocket.catalog.part.SearchQuery;
import com.sprocket.catalog.part.SparePart;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The index on its own: every sort pages through every part exactly once, ties included. */
class PartIndexTests {

    private final PartIndex index;

    PartIndexTests() throws Exception {
        index = new PartIndex(
                Files.createTempDirectory("part-index-test"),
                JsonMapper.builder().build());
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void every_sort_pages_through_every_part_exactly_once_even_when_sort_values_tie() {
        Instant sameMoment = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < 53; i++) {
            index.upsert(part("Spark plug " + i, 300 + (i % 5) * 10, sameMoment.plusMillis(i % 3)), List.of());
        }
        index.refresh();

        for (PartSort sort : List.of(PartSort.NEWEST, PartSort.PRICE_ASC, PartSort.PRICE_DESC, PartSort.RATING)) {
            List<UUID> seen = new ArrayList<>();
            String after = null;
            do {
                SearchPage page = index.search(query(null, sort, after));
                page.items().forEach(item -> seen.add(item.id()));
                after = page.next();
            } while (after != null);
            assertThat(seen).as(sort.name()).hasSize(53).doesNotHaveDuplicates();
        }
        List<UUID> seen = new ArrayList<>();
        String after = null;
        do {
            SearchPage page = index.search(query("spark", PartSort.RELEVANCE, after));
            page.items().forEach(item -> seen.add(item.id()));
            after = page.next();
        } while (after != null);
        assertThat(seen).hasSize(53).doesNotHaveDuplicates();
    }

    @Test
    void a_repeated_search_is_answered_from_the_page_cache_until_the_index_changes() {
        SparePart plug = part("Spark plug", 500, Instant.parse("2026-12-01T10:00:00Z"));
        index.upsert(plug, List.of());
        index.refresh();

        SearchPage first = index.search(query("spark", PartSort.RELEVANCE, null));
        SearchPage again = index.search(query("spark", PartSort.RELEVANCE, null));
        assertThat(again).isSameAs(first);
        assertThat(index.pageHits()).isEqualTo(1);
        assertThat(index.pageMisses()).isEqualTo(1);
        // another sort is another page
        assertThat(index.search(query("spark", PartSort.PRICE_ASC, null))).isNotSameAs(first);
        assertThat(index.pageMisses()).isEqualTo(2);

        SparePart second = part("Spark plug, iridium", 900, Instant.parse("2026-12-01T11:00:00Z"));
        index.upsert(second, List.of());
        index.refresh();

        SearchPage fresh = index.search(query("spark", PartSort.RELEVANCE, null));
        assertThat(fresh.items()).extracting(item -> item.id()).containsExactlyInAnyOrder(plug.id(), second.id());
        assertThat(fresh.facets().price())
                .extracting(SearchPage.Count::count)
                .containsExactly(2L); // both in the band up to 25.00
        index.delete(plug.id());
        index.refresh();
        assertThat(index.search(query("spark", PartSort.RELEVANCE, null)).items())
                .extracting(item -> item.id())
                .containsExactly(second.id());
    }

    private static SearchQuery query(String q, PartSort sort, String after) {
        return new SearchQuery(q, null, null, null, null, null, null, null, null, sort, 7, after);
    }

    private static SparePart part(String title, long price, Instant created) {
        return new SparePart(
                UUID.randomUUID(),
                UUID.randomUUID(),
                null,
                title,
                "",
                "Bosch",
                List.of(),
                Condition.NEW,
                new Money(price, "EUR"),
                5,
                0,
                0,
                List.of(),
                Map.of(),
                BigDecimal.ZERO,
                0,
                1,
                created,
                created,
                false);
    }
}
