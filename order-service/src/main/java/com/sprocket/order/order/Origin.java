package com.sprocket.order.order;

import java.util.UUID;

/**
 * Where an order came from: the buyer's key (customer id, or the guest cart's token hash) with the
 * Idempotency-Key and a hash of the request (the same key with another body is refused), and the cart
 * at the version the buyer saw (one order per cart version).
 */
public record Origin(String buyerKey, String idempotencyKey, String requestHash, UUID cartId, int cartVersion) {}
