package com.sprocket.notification.notice;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Which domain events become a notification, for whom, with what text. Adding the order and payment
 * notifications when those services exist is one entry each.
 */
final class NotificationRules {

    record Draft(UUID userId, String title, String body) {}

    private static final Map<String, Function<JsonNode, Draft>> RULES = Map.of(
            "inventory.low-stock-detected.v1",
            data -> new Draft(
                    id(data, "vendorId"),
                    "Low stock: " + text(data, "title"),
                    text(data, "stock") + " left (your threshold is " + text(data, "threshold") + ")."),
            "inventory.restocked.v1",
            data -> new Draft(id(data, "vendorId"), "Restocked", "Stock is back to " + text(data, "stock") + "."),
            "vendor.verified.v1",
            data -> new Draft(id(data, "userId"), "Your vendor account is verified", "You can now sell on Sprocket."),
            "user.role-changed.v1",
            data -> new Draft(id(data, "userId"), "Your role changed", "You are now " + text(data, "to") + "."));

    private NotificationRules() {}

    static Optional<Draft> draft(String type, JsonNode data) {
        Function<JsonNode, Draft> rule = RULES.get(type);
        return rule == null
                ? Optional.empty()
                : Optional.ofNullable(rule.apply(data)).filter(d -> d.userId() != null);
    }

    private static UUID id(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : UUID.fromString(value.asString());
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
