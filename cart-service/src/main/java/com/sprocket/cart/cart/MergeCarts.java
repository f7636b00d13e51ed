package com.sprocket.cart.cart;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The guest cart's token, sent by the PWA right after login. */
public record MergeCarts(@NotBlank @Size(max = 100) String guestToken) {}
