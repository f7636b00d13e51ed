package com.sprocket.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** The JWKS cache against a real HTTP server that serves identity's key set and counts fetches. */
class JwksKeysTests {

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<JWKSet> served = new AtomicReference<>();
    private final MutableClock clock = new MutableClock();
    private HttpServer server;
    private RSAKey current;

    @BeforeEach
    void serve() throws Exception {
        current = new RSAKeyGenerator(2048).keyID("k1").generate();
        served.set(new JWKSet(current.toPublicJWK()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void checks_signatures_with_keys_it_fetched_once() throws Exception {
        JwksKeys keys = keys();

        SignedJWT token = token(current);
        Flux.range(0, 20).flatMap(i -> keys.convert(token)).blockLast();

        assertThat(fetches).hasValue(1);
    }

    @Test
    void an_unknown_key_id_refreshes_at_most_once_per_interval() throws Exception {
        JwksKeys keys = keys();
        keys.convert(token(current)).block();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("made-up").generate();

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> keys.convert(token(stranger)).block()).isInstanceOf(JwtException.class);
        }
        assertThat(fetches)
                .as("one fetch for the key set, one refresh for the unknown kid")
                .hasValue(2);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> keys.convert(token(stranger)).block()).isInstanceOf(JwtException.class);
        assertThat(fetches).hasValue(3);
    }

    @Test
    void a_rotated_in_key_is_found_and_a_retired_one_stops_working_after_the_ttl() throws Exception {
        JwksKeys keys = keys();
        keys.convert(token(current)).block();
        RSAKey next = new RSAKeyGenerator(2048).keyID("k2").generate();
        served.set(new JWKSet(List.of(next.toPublicJWK())));
        clock.advance(Duration.ofSeconds(40));

        assertThat(keys.convert(token(next)).block()).isNotNull(); // unknown kid: refreshed, found
        assertThatThrownBy(() -> keys.convert(token(current)).block())
                .as("k1 is gone from the set now held")
                .isInstanceOf(JwtException.class);
    }

    private JwksKeys keys() {
        return new JwksKeys(
                WebClient.create(),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks",
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                clock);
    }

    private static SignedJWT token(RSAKey key) throws Exception {
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("someone").build());
        jwt.sign(new RSASSASigner(key));
        return jwt;
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
