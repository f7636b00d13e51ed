package com.sprocket.identity.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record Login(
        @NotBlank @Size(max = 254) String email,
        @NotBlank @Size(max = 128) String password) {}
