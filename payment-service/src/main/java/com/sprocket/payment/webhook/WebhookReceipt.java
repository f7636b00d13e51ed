package com.sprocket.payment.webhook;

/**
 * The answer to a webhook delivery: stored (and to be processed), or recognised as a redelivery.
 *
 * @param eventId the provider's event id
 * @param duplicate true when this event was received before (it is not processed again)
 */
public record WebhookReceipt(String eventId, boolean duplicate) {}
