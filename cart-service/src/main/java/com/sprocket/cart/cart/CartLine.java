package com.sprocket.cart.cart;

import java.util.UUID;

/** Units of one part in a cart, and what one unit cost when the part was first added. */
public record CartLine(UUID partId, int quantity, long priceAtAddMinor, String currency) {

    CartLine withQuantity(int newQuantity) {
        return new CartLine(partId, newQuantity, priceAtAddMinor, currency);
    }
}
