package com.sprocket.identity.user;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Sign-up as a customer, or as a vendor applicant (verified later by an admin). */
public record Register(
        @NotBlank @Email @Size(max = 254) String email,

        @NotNull @Size(min = 10, max = 128, message = "must be between 10 and 128 characters")
        String password,

        @NotBlank @Size(max = 100) String displayName,

        @Pattern(regexp = "customer|vendor", message = "must be customer or vendor") @Nullable
        String accountType,

        @Size(max = 200) @Nullable String vendorCompany) {

    /** Validated as stored: the email trimmed and lower-cased, names trimmed. */
    public Register {
        email = email == null ? null : email.strip().toLowerCase(java.util.Locale.ROOT);
        displayName = Text.strip(displayName);
        vendorCompany = Text.strip(vendorCompany);
    }

    public boolean vendor() {
        return "vendor".equals(accountType);
    }
}
