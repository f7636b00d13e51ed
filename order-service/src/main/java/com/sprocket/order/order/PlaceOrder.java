package com.sprocket.order.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A checkout: the cart at the version the buyer saw, where to ship and how. Prices, tax and shipping
 * are never part of it: the server computes them. Guests add the email the order is for.
 */
public record PlaceOrder(
        @NotNull @Min(0) @Max(1_000_000_000) Integer cartVersion,
        @NotNull @Valid Address shippingAddress,

        @NotNull @Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be a shipping method code such as standard")
        String shippingMethod,

        @Nullable @Email @Size(max = 254) String email) {}
