package com.sprocket.notification.notice;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Which domain events become a notification, for whom, with what text (one entry per event type; the
 * buyer of an order hears of its progress; a guest has no inbox and follows the order by its token).
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
            data -> new Draft(id(data, "userId"), "Your role changed", "You are now " + text(data, "to") + "."),
            "order.awaiting-payment.v1",
            data -> new Draft(
                    id(data, "customerId"),
                    "Order placed",
                    "Your items are reserved; please pay " + money(data) + " to complete the order."),
            "order.paid.v1",
            data -> new Draft(id(data, "customerId"), "Order paid", "Thank you! Your vendors are preparing it."),
            "order.shipped.v1",
            data -> new Draft(id(data, "customerId"), "Order shipped", shipped(data)),
            "order.cancelled.v1",
            data -> new Draft(id(data, "customerId"), "Order cancelled", text(data, "reason")),
            "order.expired.v1",
            data -> new Draft(
                    id(data, "customerId"),
                    "Order expired",
                    "It was not paid in time; the reserved items were released."),
            "order.rejected.v1",
            data -> new Draft(id(data, "customerId"), "Order could not be placed", text(data, "reason")));

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

    private static String money(JsonNode data) {
        JsonNode total = data.get("totalMinor");
        String currency = text(data, "currency");
        if (total == null || !total.isNumber()) {
            return "the total";
        }
        return java.math.BigDecimal.valueOf(total.asLong(), 2).toPlainString() + " " + currency;
    }

    private static String shipped(JsonNode data) {
        JsonNode shipments = data.get("shipments");
        long shipped = 0;
        int all = 0;
        if (shipments != null && shipments.isArray()) {
            for (JsonNode shipment : shipments) {
                all++;
                if (!"pending".equals(text(shipment, "status"))) {
                    shipped++;
                }
            }
        }
        return shipped + " of " + all + " shipments are on their way.";
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
