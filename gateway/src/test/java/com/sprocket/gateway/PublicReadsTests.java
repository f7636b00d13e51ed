package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Which requests {@link PublicReads} takes: anonymous GETs without a body, on plain catalog paths. */
class PublicReadsTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/catalog/parts",
                "/api/catalog/parts/4f0d3c1e-2b6a-4c9e-9a51-0d6e6c1b2a10",
                "/api/catalog/categories",
                "/api/catalog/media/brake-pad_01.v2.jpg",
                "/api/catalog/vendors/~acme/parts"
            })
    void plain_catalog_paths_are_public_reads(String path) {
        assertThat(PublicReads.isPublicRead(MockServerHttpRequest.get(path).build()))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/catalog",
                "/api/catalog/",
                "/api/catalog/parts/",
                "/api/catalog//parts",
                "/api/catalog/parts/..",
                "/api/catalog/./parts",
                "/api/catalog/.hidden",
                "/api/catalog/parts;jsessionid=1",
                "/api/catalog/parts%2F..%2Fadmin",
                "/api/catalog/parts\\x",
                "/api/catalogue/parts",
                "/api/carts/current",
                "/api/catalog/pärts"
            })
    void anything_but_a_plain_catalog_path_takes_the_route(String path) {
        assertThat(PublicReads.isPlain(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    void only_gets_are_public_reads(String method) {
        var request = MockServerHttpRequest.method(
                        org.springframework.http.HttpMethod.valueOf(method), "/api/catalog/parts")
                .build();

        assertThat(PublicReads.isPublicRead(request)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void a_request_with_credentials_or_a_body_takes_the_route() {
        assertThat(PublicReads.isPublicRead(MockServerHttpRequest.get("/api/catalog/parts")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer x")
                        .build()))
                .isFalse();
        assertThat(PublicReads.isPublicRead(MockServerHttpRequest.get("/api/catalog/parts")
                        .header(HttpHeaders.CONTENT_LENGTH, "12")
                        .build()))
                .isFalse();
        assertThat(PublicReads.isPublicRead(MockServerHttpRequest.get("/api/catalog/parts")
                        .header(HttpHeaders.TRANSFER_ENCODING, "chunked")
                        .build()))
                .isFalse();
    }
}
