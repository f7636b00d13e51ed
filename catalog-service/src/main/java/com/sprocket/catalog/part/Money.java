package com.sprocket.catalog.part;

/** An amount in the currency's minor units (cents) and its ISO 4217 code. */
public record Money(long amountMinor, String currency) {}
