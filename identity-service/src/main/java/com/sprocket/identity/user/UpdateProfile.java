package com.sprocket.identity.user;

import jakarta.validation.constraints.Size;

/** What a user may change about themselves. Role and email are not among it. */
public record UpdateProfile(
        @Size(min = 1, max = 100) String displayName,
        @Size(max = 200) String vendorCompany) {}
