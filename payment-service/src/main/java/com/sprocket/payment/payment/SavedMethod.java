package com.sprocket.payment.payment;

import java.time.Instant;
import java.util.UUID;

/** A customer's tokenised card: the provider's token and what may be shown (never a number or CVC). */
public record SavedMethod(
        UUID id,
        UUID customerId,
        String providerToken,
        String brand,
        String last4,
        int expMonth,
        int expYear,
        Instant createdAt) {}
