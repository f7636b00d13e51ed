package com.sprocket.catalog.search;

import com.sprocket.catalog.part.PartNumbers;
import com.sprocket.catalog.part.PartSort;
import com.sprocket.catalog.part.PartSummary;
import com.sprocket.catalog.part.SearchPage;
import com.sprocket.catalog.part.SearchQuery;
import com.sprocket.catalog.part.SparePart;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.range.LongRange;
import org.apache.lucene.facet.range.LongRangeFacetCounts;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import tools.jackson.databind.ObjectMapper;

/**
 * The search index of this replica (Apache Lucene, on disk under a directory of its own, rebuilt from
 * PostgreSQL at every start). One document per searchable part: weighted text fields (title 3, brand 2,
 * description 1), normalized part numbers for exact, typo-tolerant and partial matches, keyword
 * filters, doc values for sorts and facets, and the part's summary as lists show it (stored, so a page needs no
 * database round trip).
 *
 * <p>Blocking (file I/O, locks): every method runs off the event loop ({@link LuceneSearch} and the
 * indexer call it on {@code boundedElastic}).
 */
final class PartIndex implements AutoCloseable {

    static final String ID = "id";
    /** The id as two longs: the tie-breaker of every sort (numeric doc values compare cheaply across segments). */
    private static final String ID_HIGH = "id_high";

    private static final String ID_LOW = "id_low";
    private static final String TITLE = "title";
    private static final String TITLE_PLAIN = "title_plain";
    private static final String BRAND = "brand";
    private static final String DESCRIPTION = "description";
    private static final String NUMBER = "pn";
    /** Every fragment of a normalized part number from {@link #MIN_FRAGMENT} characters on: "long fragment" matches. */
    private static final String NUMBER_FRAGMENT = "pn_fragment";

    private static final int MIN_FRAGMENT = 5;
    private static final int MAX_NUMBER_LENGTH = 24;
    private static final String BRAND_KEY = "brand_key";
    private static final String CATEGORY = "category";
    private static final String CONDITION = "condition";
    private static final String CURRENCY = "currency";
    private static final String IN_STOCK = "in_stock";
    private static final String VENDOR = "vendor";
    private static final String PRICE = "price";
    private static final String CREATED = "created";
    private static final String RATING = "rating";
    private static final String VIEW = "view";

    /** Price bands of the facet, in minor units: [from, to). */
    static final long[][] PRICE_BANDS = {
        {0, 2_500}, {2_500, 5_000}, {5_000, 10_000}, {10_000, 25_000}, {25_000, Long.MAX_VALUE}
    };

    private final Path path;
    private final Directory directory;
    private final Analyzer english = new EnglishAnalyzer();
    private final Analyzer plain =
            new org.apache.lucene.analysis.standard.StandardAnalyzer(org.apache.lucene.analysis.CharArraySet.EMPTY_SET);
    /** English (stemmed, stop words dropped) for the text fields; unstemmed words for typo matching. */
    private final Analyzer analyzer =
            new org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper(english, Map.of(TITLE_PLAIN, plain));

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final FacetsConfig facets = new FacetsConfig();
    private final ObjectMapper json;
    private volatile FacetState facetState;

    private static final int EXPANSIONS = 10_000;
    private volatile Expansions expansions;

    /** Typo queries expanded against one reader, by their text. */
    private record Expansions(IndexReader reader, Map<String, Query> queries) {}

    /**
     * Facet counts of the queries run against one reader, by query (not sort or page: counts are the
     * same for every order). Counting visits every match, so a popular query would count the same
     * thousands of documents again and again; like a search engine's request cache, this keeps the
     * counts until the index changes (a refresh starts a new cache, so counts are never stale).
     */
    private record FacetCache(IndexReader reader, Map<String, SearchPage.Facets> facets) {}

    private static final int FACET_CACHE = 10_000;

    /**
     * The parts of one reader as the API shows them, by document, once read: a popular query's page
     * is then neither decompressed nor parsed again until the index changes. At most {@link #VIEWS}.
     */
    private record Views(IndexReader reader, Map<Integer, PartSummary> parts) {}

    private static final int VIEWS = 10_000;
    private volatile Views views;

    private Views views(IndexReader reader) {
        Views current = views;
        if (current == null || current.reader() != reader) {
            current = new Views(reader, new java.util.concurrent.ConcurrentHashMap<>());
            views = current;
        }
        return current;
    }

    private volatile FacetCache facetCache;

    /**
     * Whole pages of the queries run against one reader, by query (text, filters, sort, cursor, size):
     * Solr's query result cache. Popular searches repeat (a few queries make most of a shop's search
     * traffic), and until the index changes their pages are the same, so a repeat costs neither the
     * match nor the sort. A refresh starts a new cache, so a page is never stale; at most {@link #PAGES}
     * per reader (the first ones asked for, which for a skewed mix are the popular ones).
     */
    private record Pages(IndexReader reader, Map<SearchQuery, SearchPage> pages) {}

    private static final int PAGES = 4_096;
    private volatile Pages pages;
    private final java.util.concurrent.atomic.LongAdder pageHits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder pageMisses = new java.util.concurrent.atomic.LongAdder();

    /** The facet ordinals of one reader (built once per refresh, on first use). */
    private record FacetState(IndexReader reader, SortedSetDocValuesReaderState state) {}

    PartIndex(Path path, ObjectMapper json) {
        this.path = path;
        this.json = json;
        facets.setMultiValued(CATEGORY, true);
        try {
            Files.createDirectories(path);
            this.directory = FSDirectory.open(path);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE) // rebuilt from PostgreSQL at start
                    .setRAMBufferSizeMB(32);
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + path, e);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Indexes the part (replacing what was there); a withdrawn part is removed instead. */
    void upsert(SparePart part, List<UUID> categoryPath) {
        try {
            if (part.withdrawn()) {
                delete(part.id());
                return;
            }
            writer.updateDocument(new Term(ID, part.id().toString()), facets.build(document(part, categoryPath)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(UUID id) {
        try {
            writer.deleteDocuments(new Term(ID, id.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges the index into one segment (after a full build: fewer, larger segments search faster). */
    void compact() {
        try {
            writer.forceMerge(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes everything written so far searchable (near-real-time: no commit to disk needed). */
    void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live documents in the current searcher. */
    int size() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document document(SparePart part, List<UUID> categoryPath) {
        Document doc = new Document();
        String id = part.id().toString();
        doc.add(new StringField(ID, id, Field.Store.NO));
        doc.add(new NumericDocValuesField(ID_HIGH, part.id().getMostSignificantBits()));
        doc.add(new NumericDocValuesField(ID_LOW, part.id().getLeastSignificantBits()));
        doc.add(new TextField(TITLE, part.title(), Field.Store.NO));
        doc.add(new TextField(TITLE_PLAIN, part.title(), Field.Store.NO));
        doc.add(new TextField(BRAND, part.brand(), Field.Store.NO));
        doc.add(new TextField(DESCRIPTION, part.description(), Field.Store.NO));
        Set<String> fragments = new java.util.HashSet<>();
        for (String number : part.partNumbers()) {
            String normalized = PartNumbers.normalize(number);
            if (!normalized.isEmpty()) {
                doc.add(new StringField(NUMBER, normalized, Field.Store.NO));
                fragments.addAll(fragments(normalized));
            }
        }
        for (String fragment : fragments) {
            doc.add(new StringField(NUMBER_FRAGMENT, fragment, Field.Store.NO));
        }
        String brand = part.brand().strip();
        if (!brand.isEmpty()) {
            doc.add(new StringField(BRAND_KEY, brand.toLowerCase(Locale.ROOT), Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField(BRAND, brand));
        }
        for (UUID category : categoryPath) {
            doc.add(new StringField(CATEGORY, category.toString(), Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField(CATEGORY, category.toString()));
        }
        String condition = part.condition().name().toLowerCase(Locale.ROOT);
        doc.add(new StringField(CONDITION, condition, Field.Store.NO));
        doc.add(new SortedSetDocValuesFacetField(CONDITION, condition));
        doc.add(new StringField(CURRENCY, part.price().currency(), Field.Store.NO));
        String inStock = String.valueOf(part.inStock());
        doc.add(new StringField(IN_STOCK, inStock, Field.Store.NO));
        doc.add(new SortedSetDocValuesFacetField(IN_STOCK, inStock));
        doc.add(new StringField(VENDOR, part.vendorId().toString(), Field.Store.NO));
        doc.add(new LongPoint(PRICE, part.price().amountMinor()));
        doc.add(new NumericDocValuesField(PRICE, part.price().amountMinor()));
        // each sort field also as a point of the same name: Lucene then skips documents that cannot
        // make the page (the sort's competitive bound) instead of comparing every match
        long created = part.createdAt().toEpochMilli();
        doc.add(new LongPoint(CREATED, created));
        doc.add(new NumericDocValuesField(CREATED, created));
        long rating = part.ratingAverage().movePointRight(2).longValue();
        doc.add(new LongPoint(RATING, rating));
        doc.add(new NumericDocValuesField(RATING, rating));
        doc.add(new StoredField(VIEW, json.writeValueAsBytes(PartSummary.of(part))));
        return doc;
    }

    /**
     * The fragments a part number is found by: every substring of at least {@link #MIN_FRAGMENT}
     * characters (of its first {@link #MAX_NUMBER_LENGTH}), so a fragment query is one term lookup
     * instead of a wildcard scan over every number in the index.
     */
    static Set<String> fragments(String normalized) {
        String number =
                normalized.length() > MAX_NUMBER_LENGTH ? normalized.substring(0, MAX_NUMBER_LENGTH) : normalized;
        Set<String> fragments = new LinkedHashSet<>();
        for (int length = MIN_FRAGMENT; length <= number.length(); length++) {
            for (int start = 0; start + length <= number.length(); start++) {
                fragments.add(number.substring(start, start + length));
            }
        }
        return fragments;
    }

    // ------------------------------------------------------------------ searching

    /** One page of the query (validated by the caller), with facets on its first page. */
    SearchPage search(SearchQuery query) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search(searcher, query);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SearchPage search(IndexSearcher searcher, SearchQuery query) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Pages cached = pages;
        if (cached == null || cached.reader() != reader) {
            cached = new Pages(reader, new java.util.concurrent.ConcurrentHashMap<>());
            pages = cached;
        }
        SearchPage page = cached.pages().get(query);
        if (page != null) {
            pageHits.increment();
            return page;
        }
        pageMisses.increment();
        page = run(searcher, query);
        if (cached.pages().size() < PAGES) {
            cached.pages().put(query, page);
        }
        return page;
    }

    /** Searches served from the page cache. */
    long pageHits() {
        return pageHits.sum();
    }

    /** Searches the index had to run. */
    long pageMisses() {
        return pageMisses.sum();
    }

    private SearchPage run(IndexSearcher searcher, SearchQuery query) throws IOException {
        PartSort sort = query.sortOrDefault();
        Query lucene = query(searcher, query);
        Sort order = order(sort);
        FieldDoc after = after(query, sort, searcher.getIndexReader().maxDoc());
        int wanted = query.size() + 1;
        TopDocs top;
        SearchPage.Facets counted = null;
        if (after == null) {
            FacetCache cache = facetCache;
            if (cache == null
                    || cache.reader() != searcher.getIndexReader()
                    || cache.facets().size() >= FACET_CACHE) {
                cache = new FacetCache(searcher.getIndexReader(), new java.util.concurrent.ConcurrentHashMap<>());
                facetCache = cache;
            }
            String key = lucene.toString();
            counted = cache.facets().get(key);
            if (counted == null) {
                FacetsCollectorManager.FacetsResult result = FacetsCollectorManager.search(
                        searcher, lucene, wanted, order, sort == PartSort.RELEVANCE, new FacetsCollectorManager());
                top = result.topDocs();
                counted = facets(searcher, result.facetsCollector());
                cache.facets().put(key, counted);
            } else {
                top = searcher.search(lucene, wanted, order, sort == PartSort.RELEVANCE);
            }
        } else {
            top = searcher.searchAfter(after, lucene, wanted, order, sort == PartSort.RELEVANCE);
        }
        ScoreDoc[] hits = top.scoreDocs;
        int shown = Math.min(hits.length, query.size());
        List<PartSummary> items = new ArrayList<>(shown);
        Views views = views(searcher.getIndexReader());
        org.apache.lucene.index.StoredFields stored = null;
        for (int i = 0; i < shown; i++) {
            int doc = hits[i].doc;
            PartSummary item = views.parts().get(doc);
            if (item == null) {
                stored = stored == null ? searcher.storedFields() : stored;
                BytesRef view = stored.document(doc).getBinaryValue(VIEW);
                item = json.readValue(view.bytes, view.offset, view.length, PartSummary.class);
                if (views.parts().size() < VIEWS) {
                    views.parts().put(doc, item);
                }
            }
            items.add(item);
        }
        String next = hits.length > query.size() ? cursor(sort, (FieldDoc) hits[shown - 1]) : null;
        return new SearchPage(List.copyOf(items), next, counted);
    }

    private Query query(IndexSearcher searcher, SearchQuery query) throws IOException {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        boolean scored = false;
        if (query.hasQueryText()) {
            all.add(text(searcher, query.q()), Occur.MUST);
            scored = true;
        }
        if (query.hasPartNumberFilter()) {
            all.add(number(searcher, PartNumbers.normalize(query.partNumber())), Occur.MUST);
            scored = true;
        }
        if (!scored) {
            all.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        if (query.category() != null) {
            all.add(new TermQuery(new Term(CATEGORY, query.category().toString())), Occur.FILTER);
        }
        if (query.brand() != null && !query.brand().isEmpty()) {
            all.add(
                    new TermInSetQuery(
                            BRAND_KEY,
                            query.brand().stream()
                                    .map(b -> new BytesRef(b.strip().toLowerCase(Locale.ROOT)))
                                    .toList()),
                    Occur.FILTER);
        }
        if (query.minPrice() != null || query.maxPrice() != null) {
            all.add(
                    LongPoint.newRangeQuery(
                            PRICE,
                            query.minPrice() == null ? 0 : query.minPrice(),
                            query.maxPrice() == null ? Long.MAX_VALUE : query.maxPrice()),
                    Occur.FILTER);
        }
        if (query.currency() != null) {
            all.add(new TermQuery(new Term(CURRENCY, query.currency())), Occur.FILTER);
        }
        if (query.inStock() != null) {
            all.add(new TermQuery(new Term(IN_STOCK, String.valueOf(query.inStock()))), Occur.FILTER);
        }
        if (query.vendor() != null) {
            all.add(new TermQuery(new Term(VENDOR, query.vendor().toString())), Occur.FILTER);
        }
        return all.build();
    }

    /**
     * Free text: every word must match somewhere (title, brand, description; a longer word no title
     * contains also with one typo, weakly), or the whole text must match a part number (so "vm 574"
     * finds VM-574). Typo arms are only built for words the index does not know: building and running a
     * fuzzy automaton is the most expensive thing a query can do, and a known word needs none.
     */
    private Query text(IndexSearcher searcher, String q) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        int clauses = 0;
        for (String word : analyze(plain, q)) {
            List<String> stems = analyze(english, word);
            if (stems.isEmpty()) {
                continue; // a stop word
            }
            String stem = stems.getFirst();
            BooleanQuery.Builder either = new BooleanQuery.Builder()
                    .add(new BoostQuery(new TermQuery(new Term(TITLE, stem)), 3f), Occur.SHOULD)
                    .add(new BoostQuery(new TermQuery(new Term(BRAND, stem)), 2f), Occur.SHOULD)
                    .add(new TermQuery(new Term(DESCRIPTION, stem)), Occur.SHOULD)
                    .add(new TermQuery(new Term(NUMBER, word.toUpperCase(Locale.ROOT))), Occur.SHOULD);
            if (word.length() >= 5 && reader.docFreq(new Term(TITLE_PLAIN, word)) == 0) {
                either.add(
                        new BoostQuery(expanded(searcher, new FuzzyQuery(new Term(TITLE_PLAIN, word), 1, 1)), 0.5f),
                        Occur.SHOULD);
            }
            words.add(either.build(), Occur.MUST);
            clauses++;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        if (clauses > 0) {
            any.add(words.build(), Occur.SHOULD);
        }
        String number = PartNumbers.normalize(q);
        if (number.length() >= 3) {
            any.add(number(searcher, number), Occur.SHOULD);
        }
        any.setMinimumNumberShouldMatch(1);
        return any.build();
    }

    /**
     * A part number: exact (strongest), a long enough fragment of one, or, when it is no known number
     * and has a digit (so words like "brakepad" never pay for it), one or two typos.
     */
    private Query number(IndexSearcher searcher, String normalized) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Term exact = new Term(NUMBER, normalized);
        BooleanQuery.Builder number =
                new BooleanQuery.Builder().add(new BoostQuery(new TermQuery(exact), 10f), Occur.SHOULD);
        if (normalized.length() >= MIN_FRAGMENT) {
            number.add(
                    new BoostQuery(
                            new org.apache.lucene.search.ConstantScoreQuery(
                                    new TermQuery(new Term(NUMBER_FRAGMENT, truncated(normalized)))),
                            2f),
                    Occur.SHOULD);
        }
        if (normalized.length() >= 6 && normalized.chars().anyMatch(Character::isDigit) && reader.docFreq(exact) == 0) {
            int edits = normalized.length() >= 10 ? 2 : 1;
            number.add(new BoostQuery(expanded(searcher, new FuzzyQuery(exact, edits, 0)), 4f), Occur.SHOULD);
        }
        return number.build();
    }

    /**
     * A typo query as the terms it expands to in this reader. Expanding means building a Levenshtein
     * automaton and walking the term dictionary with it: the dearest step of a search, and the same
     * for the same word until the index changes. So expansions are kept per reader (a refresh starts
     * afresh; at most {@link #EXPANSIONS} are kept), which makes a popular misspelling as cheap as a
     * correct word.
     */
    private Query expanded(IndexSearcher searcher, FuzzyQuery fuzzy) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Expansions current = expansions;
        if (current == null || current.reader() != reader || current.queries().size() >= EXPANSIONS) {
            current = new Expansions(reader, new java.util.concurrent.ConcurrentHashMap<>());
            expansions = current;
        }
        String key = fuzzy.toString();
        Query known = current.queries().get(key);
        if (known == null) {
            known = searcher.rewrite(fuzzy);
            current.queries().put(key, known);
        }
        return known;
    }

    private static String truncated(String normalized) {
        return normalized.length() > MAX_NUMBER_LENGTH ? normalized.substring(0, MAX_NUMBER_LENGTH) : normalized;
    }

    private static List<String> analyze(Analyzer analyzer, String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(TITLE, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms.size() < 20) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(terms);
    }

    private static Sort order(PartSort sort) {
        return switch (sort) {
            case RELEVANCE -> byId(SortField.FIELD_SCORE, true);
            case PRICE_ASC -> byId(new SortField(PRICE, SortField.Type.LONG), false);
            case PRICE_DESC -> byId(new SortField(PRICE, SortField.Type.LONG, true), true);
            case NEWEST -> byId(new SortField(CREATED, SortField.Type.LONG, true), true);
            case RATING -> byId(new SortField(RATING, SortField.Type.LONG, true), true);
        };
    }

    /** The order, then the id (its two halves) in the given direction: no two parts ever tie. */
    private static Sort byId(SortField first, boolean descending) {
        return new Sort(
                first,
                new SortField(ID_HIGH, SortField.Type.LONG, descending),
                new SortField(ID_LOW, SortField.Type.LONG, descending));
    }

    /** The page's {@code after} cursor as Lucene's search-after position (the id breaks every tie). */
    private static FieldDoc after(SearchQuery query, PartSort sort, int maxDoc) {
        if (query.after() == null) {
            return null;
        }
        Cursor cursor = Cursor.parse(query.after(), 3);
        if (!cursor.text(0).equals(sort.name())) {
            throw ApiProblems.invalid("after", "belongs to another sort order");
        }
        Object value = cursor.typed(
                1, text -> sort == PartSort.RELEVANCE ? (Object) Float.valueOf(text) : (Object) Long.valueOf(text));
        UUID id = cursor.uuid(2);
        // the cursor's own document has exactly these values: the highest doc id makes Lucene skip it too
        return new FieldDoc(Math.max(0, maxDoc - 1), Float.NaN, new Object[] {
            value, id.getMostSignificantBits(), id.getLeastSignificantBits()
        });
    }

    private static String cursor(PartSort sort, FieldDoc last) {
        UUID id = new UUID((Long) last.fields[1], (Long) last.fields[2]);
        return Cursor.encode(List.of(sort.name(), String.valueOf(last.fields[0]), id.toString()));
    }

    private SearchPage.Facets facets(IndexSearcher searcher, FacetsCollector collector) throws IOException {
        SortedSetDocValuesReaderState state = stateOf(searcher.getIndexReader());
        if (state == null) {
            return new SearchPage.Facets(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(state, collector);
        LongRange[] ranges = new LongRange[PRICE_BANDS.length];
        for (int i = 0; i < PRICE_BANDS.length; i++) {
            long[] band = PRICE_BANDS[i];
            ranges[i] = new LongRange(
                    band[0] + "-" + (band[1] == Long.MAX_VALUE ? "" : band[1]), band[0], true, band[1], false);
        }
        LongRangeFacetCounts prices = new LongRangeFacetCounts(PRICE, collector, ranges);
        return new SearchPage.Facets(
                counts(counts.getTopChildren(20, BRAND), state, BRAND),
                counts(counts.getTopChildren(200, CATEGORY), state, CATEGORY),
                counts(counts.getTopChildren(10, CONDITION), state, CONDITION),
                counts(prices.getAllChildren(PRICE)),
                counts(counts.getTopChildren(2, IN_STOCK), state, IN_STOCK));
    }

    private static List<SearchPage.Count> counts(FacetResult result, SortedSetDocValuesReaderState state, String dim) {
        if (state.getOrdRange(dim) == null) {
            return List.of();
        }
        return counts(result);
    }

    private static List<SearchPage.Count> counts(FacetResult result) {
        if (result == null) {
            return List.of();
        }
        List<SearchPage.Count> counts = new ArrayList<>(result.labelValues.length);
        for (LabelAndValue value : result.labelValues) {
            if (value.value.longValue() > 0) {
                counts.add(new SearchPage.Count(value.label, value.value.longValue()));
            }
        }
        return counts;
    }

    /** The facet ordinals of this reader, built once per refresh; null while the index is empty. */
    private SortedSetDocValuesReaderState stateOf(IndexReader reader) throws IOException {
        FacetState current = facetState;
        if (current != null && current.reader() == reader) {
            return current.state();
        }
        if (reader.numDocs() == 0) {
            return null;
        }
        synchronized (this) {
            current = facetState;
            if (current != null && current.reader() == reader) {
                return current.state();
            }
            SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, facets);
            facetState = new FacetState(reader, state);
            return state;
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
        analyzer.close();
        english.close();
        plain.close();
    }

    Path path() {
        return path;
    }

    Map<String, Object> describe() {
        return Map.of("path", path.toString(), "documents", size());
    }
}
