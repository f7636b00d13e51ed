package com.sprocket.platform.web;

import com.sprocket.platform.security.SecretTokens;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * The fingerprint an Idempotency-Key is stored with: a retry must carry the same request, and a key
 * reused for another request is refused. Computed over the parsed request written back as JSON with
 * every map's entries in key order, so the same request sent with its object members in another order
 * (a client serialising a hash map: the order changes from one run to the next) is still the same.
 */
public final class RequestFingerprints {

    private RequestFingerprints() {}

    public static String of(ObjectMapper json, Object request) {
        return SecretTokens.sha256Hex(json.writer()
                .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(request));
    }
}
