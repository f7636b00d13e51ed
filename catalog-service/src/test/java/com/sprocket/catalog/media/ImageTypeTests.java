package com.sprocket.catalog.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageTypeTests {

    @Test
    void recognises_jpeg_png_and_webp_by_their_bytes() {
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00}))
                .contains(ImageType.JPEG);
        assertThat(ImageType.sniff(MediaIntegrationTests.png(16))).contains(ImageType.PNG);
        assertThat(ImageType.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes())).contains(ImageType.WEBP);
    }

    @Test
    void rejects_anything_else_including_too_short_files() {
        assertThat(ImageType.sniff("<svg onload=alert(1)>".getBytes())).isEmpty();
        assertThat(ImageType.sniff("GIF89a".getBytes())).isEmpty();
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF})).isEmpty();
        assertThat(ImageType.sniff(new byte[0])).isEmpty();
    }
}
