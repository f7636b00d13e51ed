package com.sprocket.payment.method;

import com.sprocket.payment.payment.SavedMethod;
import java.time.Instant;
import java.util.UUID;

/** A saved card as its owner sees it. */
public record MethodView(UUID id, String brand, String last4, int expMonth, int expYear, Instant createdAt) {

    static MethodView of(SavedMethod method) {
        return new MethodView(
                method.id(), method.brand(), method.last4(), method.expMonth(), method.expYear(), method.createdAt());
    }
}
