package com.sprocket.identity.user;

/**
 * What register, login and refresh return: the tokens AND the full profile in one response, so the
 * PWA never polls for a profile after signing in.
 */
public record Session(String accessToken, String tokenType, long expiresIn, String refreshToken, ProfileView profile) {}
