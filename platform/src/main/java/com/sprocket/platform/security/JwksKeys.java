package com.sprocket.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Checks access-token signatures against identity-service's JWKS, with a cache that forgets: keys are
 * re-read after {@code ttl}, so a retired or leaked key stops working within it (not at the next
 * restart), and a token naming an unknown {@code kid} refreshes the set at most once per
 * {@code minRefreshInterval}, so a stream of made-up key ids cannot turn into a stream of fetches.
 * Concurrent refreshes share one fetch. RS256 only.
 */
public final class JwksKeys implements Converter<JWT, Mono<JWTClaimsSet>> {

    private final WebClient client;
    private final String uri;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(new JWKSet(), Instant.EPOCH));
    private final AtomicReference<Mono<Snapshot>> inflight = new AtomicReference<>();
    private final AtomicReference<Instant> lastUnknownKidRefresh = new AtomicReference<>(Instant.EPOCH);

    private record Snapshot(JWKSet keys, Instant fetchedAt) {}

    public JwksKeys(WebClient client, String uri, Duration ttl, Duration minRefreshInterval, Clock clock) {
        this.client = client;
        this.uri = uri;
        this.ttl = ttl;
        this.minRefreshInterval = minRefreshInterval;
        this.clock = clock;
    }

    @Override
    public Mono<JWTClaimsSet> convert(JWT jwt) {
        if (!(jwt instanceof SignedJWT signed)) {
            return Mono.error(new BadJwtException("The token is not signed."));
        }
        JWSHeader header = signed.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return Mono.error(new BadJwtException("Only RS256 tokens are accepted."));
        }
        return key(header.getKeyID()).flatMap(key -> verify(signed, key));
    }

    private Mono<RSAKey> key(String kid) {
        Snapshot current = snapshot.get();
        Instant now = clock.instant();
        boolean fresh = current.fetchedAt().plus(ttl).isAfter(now);
        RSAKey known = find(current.keys(), kid);
        if (fresh && known != null) {
            return Mono.just(known);
        }
        if (fresh && !mayRefreshForUnknownKid(now)) {
            return Mono.error(new BadJwtException("The token's signing key is not known."));
        }
        return refresh().flatMap(next -> {
            RSAKey found = find(next.keys(), kid);
            return found != null
                    ? Mono.just(found)
                    : Mono.error(new BadJwtException("The token's signing key is not known."));
        });
    }

    /** A key id the fresh set does not know forces a refresh, once per interval at most. */
    private boolean mayRefreshForUnknownKid(Instant now) {
        Instant last = lastUnknownKidRefresh.get();
        return last.plus(minRefreshInterval).isBefore(now) && lastUnknownKidRefresh.compareAndSet(last, now);
    }

    /** One fetch at a time; callers arriving meanwhile wait for it. */
    private Mono<Snapshot> refresh() {
        return Mono.defer(() -> {
            Mono<Snapshot> running = inflight.get();
            if (running != null) {
                return running;
            }
            AtomicReference<Mono<Snapshot>> self = new AtomicReference<>();
            Mono<Snapshot> fetch = client.get()
                    .uri(uri)
                    .retrieve()
                    .bodyToMono(String.class)
                    .map(this::parse)
                    .doOnNext(snapshot::set)
                    .onErrorMap(error -> error instanceof JwtException
                            ? error
                            : new JwtException("The signing keys could not be fetched: " + error.getMessage(), error))
                    .doFinally(signal -> inflight.compareAndSet(self.get(), null))
                    .cache();
            self.set(fetch);
            return inflight.compareAndSet(null, fetch) ? fetch : refresh();
        });
    }

    private Snapshot parse(String body) {
        try {
            return new Snapshot(JWKSet.parse(body), clock.instant());
        } catch (ParseException e) {
            throw new JwtException("The JWKS is not valid: " + e.getMessage(), e);
        }
    }

    private static RSAKey find(JWKSet keys, String kid) {
        for (JWK key : keys.getKeys()) {
            if (key instanceof RSAKey rsa && (kid == null || kid.equals(key.getKeyID()))) {
                return rsa;
            }
        }
        return null;
    }

    private static Mono<JWTClaimsSet> verify(SignedJWT jwt, RSAKey key) {
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                return Mono.error(new BadJwtException("The token's signature is not valid."));
            }
            return Mono.just(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException e) {
            return Mono.error(new BadJwtException("The token cannot be verified: " + e.getMessage(), e));
        }
    }
}
