package com.sprocket.cart.cart;

import java.util.UUID;

/** Which cart: a user's (by owner) or a guest's (by the hash of its token). */
public record CartRef(CartKind kind, UUID id, UUID ownerId, String tokenHash, int version) {}
