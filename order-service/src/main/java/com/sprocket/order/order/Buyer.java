package com.sprocket.order.order;

import java.util.UUID;

/**
 * Who bought: a signed-in customer, or a guest known by email who reads the order with its access token
 * (only the token's SHA-256 is kept).
 */
public record Buyer(UUID customerId, String guestEmail, String accessTokenHash) {

    public static Buyer customer(UUID id) {
        return new Buyer(id, null, null);
    }

    public static Buyer guest(String email, String accessTokenHash) {
        return new Buyer(null, email, accessTokenHash);
    }

    public boolean isGuest() {
        return customerId == null;
    }
}
