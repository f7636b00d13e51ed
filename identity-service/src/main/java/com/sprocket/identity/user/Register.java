package com.sprocket.identity.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Sign-up as a customer, or as a vendor applicant (verified later by an admin). */
public record Register(
        @NotBlank @Email @Size(max = 254) String email,

        @NotNull @Size(min = 10, max = 128, message = "must be between 10 and 128 characters")
        String password,

        @NotBlank @Size(max = 100) String displayName,

        @Pattern(regexp = "customer|vendor", message = "must be customer or vendor")
        String accountType,

        @Size(max = 200) String vendorCompany) {

    public boolean vendor() {
        return "vendor".equals(accountType);
    }
}
