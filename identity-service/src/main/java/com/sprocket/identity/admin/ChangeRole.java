package com.sprocket.identity.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record ChangeRole(
        @NotNull
        @Pattern(
                regexp = "customer|vendor|admin|super_admin",
                message = "must be customer, vendor, admin or super_admin")
        String role) {}
