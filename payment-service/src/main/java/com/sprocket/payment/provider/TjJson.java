package com.sprocket.payment.provider;

import com.sprocket.payment.payment.ProviderPayment;
import tools.jackson.databind.JsonNode;

/** The provider's JSON shapes, read tolerantly (unknown fields are ignored). */
public final class TjJson {

    private TjJson() {}

    /** A payment object, from an API answer or a webhook's {@code data.object}. */
    public static ProviderPayment payment(JsonNode node) {
        JsonNode method = node.path("paymentMethod");
        return new ProviderPayment(
                text(node, "id"),
                text(node, "status"),
                node.path("amount").asLong(0),
                text(node, "currency"),
                node.path("amountRefunded").asLong(0),
                text(node, "failureCode"),
                text(node, "clientSecret"),
                text(node.path("nextAction"), "url"),
                method.isObject()
                        ? new ProviderPayment.Method(
                                text(method, "id"),
                                text(method, "brand"),
                                text(method, "last4"),
                                method.path("expMonth").asInt(0),
                                method.path("expYear").asInt(0),
                                method.path("saved").asBoolean(false))
                        : null);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
