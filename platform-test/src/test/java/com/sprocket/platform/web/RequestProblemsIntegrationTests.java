package com.sprocket.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.RawHttp;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the framework refuses before a controller runs is a problem+json 4xx, never a 500 or a bare status. */
@SprocketIntegrationTest
class RequestProblemsIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void a_parameter_name_the_security_firewall_rejects_is_a_400_problem() {
        RawHttp.Response response = get("/slow?seconds=0&%0Abad=1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text()).contains("rejected");
    }

    @Test
    void a_malformed_percent_escape_is_a_400_problem_not_a_bare_400() {
        RawHttp.Response response = get("/slow?seconds=%zz");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text()).contains("percent-encoding");
    }

    @Test
    void a_nul_in_the_query_is_a_400_problem_not_a_database_error() {
        RawHttp.Response response = get("/slow?seconds=%00");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_wrong_accept_header_is_a_406_problem() {
        RawHttp.Response response = RawHttp.send(
                port,
                "GET",
                "/slow?seconds=0",
                Map.of("Authorization", TestTokens.customer().bearer(), "Accept", "image/png"),
                null);

        assertThat(response.status()).isEqualTo(406);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void an_unknown_method_is_a_405_problem() {
        RawHttp.Response response = RawHttp.send(
                port,
                "PUT",
                "/slow?seconds=0",
                Map.of("Authorization", TestTokens.customer().bearer()),
                null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private RawHttp.Response get(String target) {
        return RawHttp.send(
                port,
                "GET",
                target,
                Map.of("Authorization", TestTokens.customer().bearer()),
                null);
    }
}
