package com.sprocket.order.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A shipping address; {@code country} is ISO 3166-1 alpha-2, {@code region} a subdivision code where a zone needs one. */
public record Address(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 200) String line1,
        @Nullable @Size(max = 200) String line2,
        @NotBlank @Size(max = 100) String city,
        @NotBlank @Size(max = 20) String postalCode,

        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE")
        String country,

        @Nullable @Pattern(regexp = "[A-Z0-9]{1,3}", message = "must be a subdivision code such as BY")
        String region,

        @Nullable @Size(max = 30) String phone) {}
