package com.sprocket.order.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A vendor's shipment handed to a carrier. */
public record ShipShipment(
        @NotBlank @Size(max = 60) String carrier,

        @NotBlank
        @Size(max = 100)
        @Pattern(regexp = "[A-Za-z0-9 ._/-]+", message = "letters, digits, spaces and . _ / -")
        String trackingNumber) {}
