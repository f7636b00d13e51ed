package com.sprocket.payment.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A buyer's request to pay an order.
 *
 * @param paymentMethodId one of the customer's saved cards, charged at once (otherwise the browser confirms
 *     with a card at the provider, using the returned client secret)
 * @param savePaymentMethod keep the card the browser confirms with for next time (customers only)
 */
public record StartPayment(
        @NotNull @Schema(description = "The order to pay; it must be awaiting payment")
        UUID orderId,

        @Schema(description = "A saved card of yours to charge at once") @Nullable
        UUID paymentMethodId,

        @Schema(description = "Keep the card you confirm with for next time (customers only)") @Nullable
        Boolean savePaymentMethod) {

    boolean save() {
        return Boolean.TRUE.equals(savePaymentMethod);
    }
}
