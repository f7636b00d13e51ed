package com.sprocket.payment.payment;

/**
 * A payment as the provider reports it (its API's answer or a webhook's object).
 *
 * @param nextAction what the buyer must do next at the provider (a challenge URL), or null
 * @param method the card used, as a token with display details, or null
 */
public record ProviderPayment(
        String id,
        String status,
        long amount,
        String currency,
        long amountRefunded,
        String failureCode,
        String clientSecret,
        String nextActionUrl,
        Method method) {

    /** A tokenised card: never a number or CVC. {@code saved} when the buyer asked to keep it. */
    public record Method(String token, String brand, String last4, int expMonth, int expYear, boolean saved) {}
}
