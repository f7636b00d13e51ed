package com.sprocket.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who the client is, for rate limits: the TCP peer, unless the peer is a configured trusted proxy
 * (the ingress, a load balancer), in which case {@code X-Forwarded-For} is read from the right,
 * skipping trusted hops, and the first address not trusted is the client. A client cannot forge its
 * way past a trusted proxy: whatever it writes into the header sits to the left of the address the
 * proxy appended. IPv6 clients are keyed by their /64 (one subscriber's allocation), since each can
 * take any address of it at will.
 */
final class ClientAddresses {

    private final List<Cidr> trusted;

    ClientAddresses(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String cidr : trustedProxies) {
            parsed.add(Cidr.parse(cidr));
        }
        this.trusted = List.copyOf(parsed);
    }

    /** The rate-limit key of a request's client: {@code ip:1.2.3.4} or {@code ip:2001:db8:1:2::/64}. */
    String key(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return "ip:unknown";
        }
        InetAddress client = peer;
        if (isTrusted(peer)) {
            List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                InetAddress hop = literal(forwarded.get(i));
                if (hop == null) {
                    break; // garbage: stop at the last address a trusted hop vouched for
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return "ip:" + group(client);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** IPv4 as is; IPv6 by its /64. */
    static String group(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }

    /** An IP literal (never a host name: no DNS lookups on the request path), or null. */
    static InetAddress literal(String text) {
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 45 || !value.matches("[0-9a-fA-F:.]+") || !value.matches(".*[:.].*")) {
            return null;
        }
        try {
            return InetAddress.getByName(value); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 or /128. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("not an IP address block: " + text);
            }
            byte[] network = address.getAddress();
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length: " + text);
            }
            return new Cidr(network, bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
