package com.sprocket.catalog.media;

import static com.sprocket.catalog.CatalogFixtures.createPart;
import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
@TestPropertySource(properties = {"sprocket.catalog.media.max-per-part=3", "sprocket.catalog.media.max-bytes=64KB"})
class MediaIntegrationTests {

    @org.junit.jupiter.api.BeforeEach
    void vendorsMaySell() {
        com.sprocket.catalog.CatalogFixtures.verified(sellerDb, vendor);
    }

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient sellerDb;

    static final byte[] PNG = png(100);

    @Autowired
    WebTestClient client;

    private final TestUser vendor = TestTokens.vendor();

    @Test
    void vendor_uploads_an_image_that_becomes_the_primary_image_and_is_served_back() {
        UUID part = createPart(client, vendor, "Door mirror");

        JsonNode media = upload(vendor, part, PNG, "mirror.png")
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String url = media.get("url").asString();

        assertThat(media.get("contentType").asString()).isEqualTo("image/png");
        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.primaryImage")
                .isEqualTo(url)
                .jsonPath("$.images.length()")
                .isEqualTo(1);
        byte[] served = client.get()
                .uri(url)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.IMAGE_PNG)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(served).isEqualTo(PNG);
    }

    @Test
    void rejects_a_file_whose_bytes_are_not_an_image_whatever_its_content_type_says() {
        UUID part = createPart(client, vendor, "Tail light");
        upload(vendor, part, "<script>alert(1)</script>".getBytes(), "evil.png")
                .expectStatus()
                .isEqualTo(415);
    }

    @Test
    void rejects_an_image_over_the_size_limit_with_413_and_beyond_the_count_limit_with_409() {
        UUID part = createPart(client, vendor, "Bumper");
        upload(vendor, part, png(70 * 1024), "big.png").expectStatus().isEqualTo(413);

        for (int i = 0; i < 3; i++) {
            upload(vendor, part, PNG, "p" + i + ".png").expectStatus().isCreated();
        }
        upload(vendor, part, PNG, "one-too-many.png").expectStatus().isEqualTo(409);
    }

    @Test
    void parallel_uploads_never_exceed_the_image_limit_nor_lose_an_image() {
        UUID part = createPart(client, vendor, "Wing");

        List<Integer> statuses = com.sprocket.platform.test.Parallel.run(
                8,
                i -> upload(vendor, part, PNG, "w" + i + ".png")
                        .returnResult(Void.class)
                        .getStatus()
                        .value());

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(5);
        JsonNode stored = client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(stored.get("images").size())
                .as("every accepted upload is in the list")
                .isEqualTo(3);
        assertThat(sellerDb.sql("SELECT count(*) AS n FROM vendor_media WHERE part_id = :part")
                        .bind("part", part)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .as("no orphan rows from refused uploads")
                .isEqualTo(3L);
    }

    @Test
    void a_form_field_where_the_file_belongs_is_a_400_and_too_many_parts_a_413_never_a_500() {
        UUID part = createPart(client, vendor, "Mud flap");
        var field = new MultipartBodyBuilder();
        field.part("file", "just text");
        client.post()
                .uri("/api/catalog/parts/{id}/media", part)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(field.build())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("file");

        var many = new MultipartBodyBuilder();
        for (int i = 0; i < 12; i++) {
            many.part("field" + i, "value");
        }
        client.post()
                .uri("/api/catalog/parts/{id}/media", part)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(many.build())
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void another_vendor_cannot_upload_to_rearrange_or_delete_media_of_my_part() {
        UUID part = createPart(client, vendor, "Radiator");
        String mediaId = upload(vendor, part, PNG, "r.png")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        TestUser other = TestTokens.vendor();

        upload(other, part, PNG, "x.png").expectStatus().isForbidden();
        arrange(other, part, List.of(mediaId)).expectStatus().isForbidden();
        client.delete()
                .uri("/api/catalog/parts/{p}/media/{m}", part, mediaId)
                .header(HttpHeaders.AUTHORIZATION, other.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        upload(TestTokens.customer(), part, PNG, "c.png").expectStatus().isForbidden();
    }

    @Test
    void vendor_reorders_detaches_and_deletes_images() {
        UUID part = createPart(client, vendor, "Alternator");
        String first = id(upload(vendor, part, PNG, "a.png"));
        String second = id(upload(vendor, part, PNG, "b.png"));

        arrange(vendor, part, List.of(second, first))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.primaryImage")
                .isEqualTo("/api/catalog/media/" + second);
        arrange(vendor, part, List.of(first))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.images.length()")
                .isEqualTo(1);
        arrange(vendor, part, List.of(UUID.randomUUID().toString()))
                .expectStatus()
                .isBadRequest();

        client.delete()
                .uri("/api/catalog/parts/{p}/media/{m}", part, first)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri("/api/catalog/media/{id}", first)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.images.length()")
                .isEqualTo(0);
    }

    private WebTestClient.ResponseSpec upload(TestUser user, UUID part, byte[] bytes, String filename) {
        var body = new MultipartBodyBuilder();
        body.part("file", new ByteArrayResource(bytes) {
                    @Override
                    public String getFilename() {
                        return filename;
                    }
                })
                .contentType(MediaType.IMAGE_PNG);
        return client.post()
                .uri("/api/catalog/parts/{id}/media", part)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(body.build())
                .exchange();
    }

    private WebTestClient.ResponseSpec arrange(TestUser user, UUID part, List<String> ids) {
        return client.put()
                .uri("/api/catalog/parts/{id}/images", part)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("mediaIds", ids))
                .exchange();
    }

    private static String id(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
    }

    /** A PNG signature followed by filler: enough for byte sniffing. */
    static byte[] png(int size) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] filler = new byte[Math.max(0, size - 8)];
        Arrays.fill(filler, (byte) 7);
        out.writeBytes(filler);
        return out.toByteArray();
    }
}
