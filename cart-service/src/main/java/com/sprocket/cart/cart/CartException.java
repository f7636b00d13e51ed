package com.sprocket.cart.cart;

/** A cart rule the request breaks; {@link Shopping} turns the reason into an HTTP problem. */
public class CartException extends RuntimeException {

    public enum Reason {
        STALE,
        NOT_PURCHASABLE,
        TOO_MANY_LINES,
        QUANTITY_TOO_HIGH,
        OUT_OF_STOCK,
        NO_SUCH_LINE,
        UNKNOWN_PART,
        MERGED
    }

    private final Reason reason;

    public CartException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
