package com.sprocket.platform.app;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A request whose query takes a while, for the query-cancellation test. */
@RestController
class SlowController {

    private final DatabaseClient db;

    SlowController(DatabaseClient db) {
        this.db = db;
    }

    @Operation(summary = "Sleep in the database for a while")
    @GetMapping("/slow")
    Mono<Map<String, Double>> slow(@RequestParam double seconds) {
        return db.sql("SELECT pg_sleep(:seconds)::text AS slept")
                .bind("seconds", seconds)
                .map(row -> Map.of("slept", seconds))
                .one();
    }
}
