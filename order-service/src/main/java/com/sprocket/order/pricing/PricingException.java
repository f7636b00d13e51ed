package com.sprocket.order.pricing;

/** An order that cannot be priced as asked: the field at fault, and why. */
public final class PricingException extends RuntimeException {

    private final String field;

    public PricingException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
