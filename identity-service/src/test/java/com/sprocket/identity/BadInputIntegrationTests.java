package com.sprocket.identity;

import com.sprocket.platform.test.BadInputSuite;
import com.sprocket.platform.test.SprocketIntegrationTest;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Malformed input to every operation of identity-service: a documented problem, never a 5xx. Its
 * callers hold tokens identity itself issued (it trusts no other key).
 */
@SprocketIntegrationTest
@TestPropertySource(
        properties = {
            "sprocket.identity.bootstrap-super-admin-email=root@sprocket.test",
            "sprocket.identity.bootstrap-super-admin-password=the first super admin"
        })
class BadInputIntegrationTests extends BadInputSuite {

    @Autowired
    WebTestClient client;

    @Override
    protected List<Caller> callers() {
        IdentityClient identity = new IdentityClient(client);
        return List.of(
                new Caller("guest", null),
                new Caller(
                        "customer",
                        bearer(identity.registered("customer")
                                .get("accessToken")
                                .asString())),
                new Caller(
                        "vendor",
                        bearer(identity.registered("vendor").get("accessToken").asString())),
                new Caller(
                        "super_admin",
                        bearer(identity.session("root@sprocket.test", "the first super admin")
                                .get("accessToken")
                                .asString())));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
