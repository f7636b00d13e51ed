package com.sprocket.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The API is stateless: no request creates a web session, so none pays for one. Spring Security's
 * default context repository read a session on every anonymous request, and creating a session
 * hops to another scheduler and back: the handler then ran on a {@code parallel} thread.
 */
@SprocketIntegrationTest
class StatelessRequestsIntegrationTests {

    @Autowired
    WebTestClient client;

    @Test
    void an_anonymous_request_is_handled_on_the_server_event_loop_without_a_session() {
        var result =
                client.get().uri("/public/thread").exchange().expectStatus().isOk();
        result.expectHeader().doesNotExist("Set-Cookie");
        JsonNode body = result.expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.get("guest").asString()).isEqualTo("true");
        assertThat(body.get("thread").asString()).matches("[a-z]+-http-(epoll|nio|kqueue|io_uring)-\\d+");
    }

    @Test
    void a_signed_in_request_is_handled_on_the_server_event_loop_too() {
        JsonNode body = client.get()
                .uri("/public/thread")
                .header("Authorization", TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(body.get("thread").asString()).matches("[a-z]+-http-(epoll|nio|kqueue|io_uring)-\\d+");
    }
}
