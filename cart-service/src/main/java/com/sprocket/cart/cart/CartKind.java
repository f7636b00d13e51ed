package com.sprocket.cart.cart;

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
}
