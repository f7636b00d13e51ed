package com.sprocket.order.order;

/** A rule of the order refused a command; the reason picks the HTTP status at the edge. */
public final class OrderException extends RuntimeException {

    public enum Reason {
        NOT_ALLOWED_NOW,
        NOT_YOUR_SHIPMENT
    }

    private final Reason reason;

    OrderException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
