package com.sprocket.identity.user;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** What a user may change about themselves. Role and email are not among it. */
public record UpdateProfile(
        @Size(min = 1, max = 100) @Nullable String displayName,
        @Size(max = 200) @Nullable String vendorCompany) {

    public UpdateProfile {
        displayName = Text.strip(displayName);
        vendorCompany = Text.strip(vendorCompany);
    }
}
