package com.sprocket.tjsandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One payment at the sandbox provider. Mutable, guarded by its own monitor: the server's handlers and
 * the scheduler that moves it along (authorisation, settlement) change it from different threads.
 */
final class SandboxPayment {

    final String id;
    final long amount;
    final String currency;
    final String reference;
    final String customer;
    final String clientSecret;
    final Instant created;
    String status = "requires_confirmation";
    long amountRefunded;
    String failureCode;
    Map<String, Object> nextAction;
    TestCards.Method method;
    boolean saveMethod;

    SandboxPayment(
            String id,
            long amount,
            String currency,
            String reference,
            String customer,
            String clientSecret,
            Instant now) {
        this.id = id;
        this.amount = amount;
        this.currency = currency;
        this.reference = reference;
        this.customer = customer;
        this.clientSecret = clientSecret;
        this.created = now;
    }

    /** What the API answers and webhooks carry; the client secret only goes to the merchant's calls. */
    synchronized Map<String, Object> view(boolean withSecret) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("object", "payment");
        view.put("amount", amount);
        view.put("currency", currency);
        view.put("reference", reference);
        view.put("customer", customer);
        view.put("status", status);
        view.put("amountRefunded", amountRefunded);
        view.put("failureCode", failureCode);
        view.put("nextAction", nextAction);
        view.put("paymentMethod", method == null ? null : method.view(saveMethod));
        view.put("created", created.getEpochSecond());
        if (withSecret) {
            view.put("clientSecret", clientSecret);
        }
        return view;
    }
}
