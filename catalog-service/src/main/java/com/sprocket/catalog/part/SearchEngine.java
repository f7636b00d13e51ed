package com.sprocket.catalog.part;

import reactor.core.publisher.Mono;

/**
 * A search read model that answers part searches instead of PostgreSQL (a port: the Lucene adapter in
 * {@code search} implements it; an OpenSearch adapter could take its place). Empty while it is not
 * ready (rebuilding): PostgreSQL answers meanwhile.
 */
public interface SearchEngine {

    /** The page, or empty when the engine cannot answer now (then PostgreSQL does). */
    Mono<SearchPage> search(SearchQuery query);

    /**
     * Brings one part up to date in this replica's index now (a write's own replica then finds it at
     * once; other replicas learn it from {@code catalog.parts} moments later).
     */
    Mono<Void> reindex(java.util.UUID partId);

    /** Brings many parts up to date in this replica's index now, in one pass (an upload's parts). */
    Mono<Void> reindex(java.util.Collection<java.util.UUID> partIds);
}
