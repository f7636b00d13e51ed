package com.sprocket.catalog.part;

import org.springframework.test.context.TestPropertySource;

/**
 * Every search behaviour of {@link SearchIntegrationTests}, answered by PostgreSQL (the reference path:
 * the engine the index replaced, and what answers while an index is being built).
 */
@TestPropertySource(properties = "sprocket.catalog.search.engine=postgres")
class PostgresSearchIntegrationTests extends SearchIntegrationTests {}
