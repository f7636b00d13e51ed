package com.sprocket.cart.cart;

import java.util.Locale;

/** User carts and guest carts live in their own tables (as the seed has them) and behave alike. */
public enum CartKind {
    USER("user_carts", "cart_items"),
    GUEST("guest_carts", "guest_cart_items");

    final String carts;
    final String items;

    CartKind(String carts, String items) {
        this.carts = carts;
        this.items = items;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
