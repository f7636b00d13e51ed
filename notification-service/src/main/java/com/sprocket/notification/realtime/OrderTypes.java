package com.sprocket.notification.realtime;

/** The order-service event types the hub routes (the producer publishes no api jar: names are ours). */
final class OrderTypes {

    static final String PLACED = "order.placed.v1";
    static final String AWAITING_PAYMENT = "order.awaiting-payment.v1";
    static final String REJECTED = "order.rejected.v1";
    static final String PAID = "order.paid.v1";
    static final String PAYMENT_UPDATED = "order.payment-updated.v1";
    static final String CANCELLED = "order.cancelled.v1";
    static final String REFUND_REQUESTED = "order.refund-requested.v1";
    static final String EXPIRED = "order.expired.v1";
    static final String SHIPPED = "order.shipped.v1";
    static final String DELIVERED = "order.delivered.v1";

    private OrderTypes() {}
}
