package com.sprocket.catalog.media;

import reactor.core.publisher.Mono;

/** Where image bytes live. The filesystem adapter is the default; an S3-compatible one can replace it. */
public interface MediaStorage {

    Mono<Void> store(String key, byte[] bytes);

    /** The bytes, or empty when nothing is stored under the key. */
    Mono<byte[]> load(String key);

    Mono<Void> delete(String key);
}
