package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressesTests {

    private final ClientAddresses behindIngress = new ClientAddresses(List.of("10.0.0.0/8", "fd00::/8"));
    private final ClientAddresses direct = new ClientAddresses(List.of());

    @Test
    void the_tcp_peer_is_the_client_unless_it_is_a_trusted_proxy() {
        assertThat(direct.key(request("203.0.113.9", "198.51.100.1"))).isEqualTo("ip:203.0.113.9");
        assertThat(behindIngress.key(request("203.0.113.9", "198.51.100.1")))
                .as("an untrusted peer's X-Forwarded-For is ignored")
                .isEqualTo("ip:203.0.113.9");
        assertThat(behindIngress.key(request("10.1.2.3", "198.51.100.1"))).isEqualTo("ip:198.51.100.1");
    }

    @Test
    void the_forwarded_chain_is_read_from_the_right_skipping_trusted_hops_so_a_forged_entry_does_not_count() {
        assertThat(behindIngress.key(request("10.1.2.3", "1.1.1.1, 198.51.100.7, 10.9.9.9")))
                .isEqualTo("ip:198.51.100.7");
        assertThat(behindIngress.key(request("10.1.2.3", "not-an-ip, 198.51.100.7")))
                .isEqualTo("ip:198.51.100.7");
        assertThat(behindIngress.key(request("10.1.2.3", "198.51.100.7, evil.example.com")))
                .as("garbage from the trusted proxy's own position stops the walk at the proxy")
                .isEqualTo("ip:10.1.2.3");
        assertThat(behindIngress.key(request("10.1.2.3", null))).isEqualTo("ip:10.1.2.3");
    }

    @Test
    void ipv6_clients_are_grouped_by_their_64() {
        assertThat(direct.key(request("2001:db8:1:2::1", null))).isEqualTo("ip:2001:db8:1:2::/64");
        assertThat(direct.key(request("2001:db8:1:2:ffff:ffff:ffff:ffff", null)))
                .isEqualTo("ip:2001:db8:1:2::/64");
        assertThat(direct.key(request("2001:db8:1:3::1", null))).isEqualTo("ip:2001:db8:1:3::/64");
        assertThat(behindIngress.key(request("fd00::1", "[2001:db8:aa:bb::5]"))).isEqualTo("ip:2001:db8:aa:bb::/64");
    }

    private static MockServerHttpRequest request(String peer, String forwardedFor) {
        var builder = MockServerHttpRequest.get("/api/catalog/parts").remoteAddress(new InetSocketAddress(peer, 443));
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder.build();
    }
}
