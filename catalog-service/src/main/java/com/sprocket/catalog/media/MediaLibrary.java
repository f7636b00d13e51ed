package com.sprocket.catalog.media;

import com.sprocket.catalog.config.CatalogProperties;
import com.sprocket.catalog.part.PartCatalog;
import com.sprocket.catalog.part.Parts;
import com.sprocket.catalog.part.SparePart;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Vendor images: upload (sniffed, size- and count-limited), serve, reorder, detach, delete. The
 * part's {@code images} array holds the URLs shown, first is primary; each change of it publishes
 * {@code part.updated.v1}.
 */
@Service
class MediaLibrary {

    private static final String COLUMNS = "id, vendor_id, part_id, storage_key, content_type, size_bytes, created_at";

    private final DatabaseClient db;
    private final MediaStorage storage;
    private final PartCatalog catalog;
    private final Parts parts;
    private final TransactionalOperator tx;
    private final CatalogProperties.Media limits;

    MediaLibrary(
            DatabaseClient db,
            MediaStorage storage,
            PartCatalog catalog,
            Parts parts,
            TransactionalOperator tx,
            CatalogProperties properties) {
        this.db = db;
        this.storage = storage;
        this.catalog = catalog;
        this.parts = parts;
        this.tx = tx;
        this.limits = properties.media();
    }

    /**
     * Stores an image and appends it to the part's images, in one transaction that first locks the
     * part: concurrent uploads and arrangements of one part run one after another, so the count limit
     * holds and no image list is overwritten.
     */
    Mono<VendorMedia> upload(UUID partId, byte[] bytes, CurrentUser user) {
        ImageType type = ImageType.sniff(bytes)
                .orElseThrow(() -> ApiProblems.unsupportedMediaType("Only JPEG, PNG and WebP images are accepted."));
        UUID id = UUID.randomUUID();
        String key = id + "." + type.extension;
        Mono<VendorMedia> uploaded = catalog.lockedOwnedPart(partId, user)
                .flatMap(catalog::sellable)
                .flatMap(part -> countFor(partId)
                        .flatMap(count -> count >= limits.maxPerPart()
                                ? Mono.error(
                                        ApiProblems.conflict("A part has at most " + limits.maxPerPart() + " images."))
                                : storage.store(key, bytes))
                        .then(attach(part, id, key, type, bytes.length)));
        return uploaded.as(tx::transactional)
                .onErrorResume(error -> storage.delete(key).then(Mono.error(error)));
    }

    Mono<Stored> load(UUID id) {
        return db.sql("SELECT storage_key, content_type FROM vendor_media WHERE id = :id")
                .bind("id", id)
                .map(row -> new String[] {row.get("storage_key", String.class), row.get("content_type", String.class)})
                .one()
                .flatMap(row -> storage.load(row[0]).map(bytes -> new Stored(bytes, row[1])))
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("image", id)));
    }

    Mono<List<VendorMedia>> listFor(UUID partId) {
        return db.sql("SELECT " + COLUMNS + " FROM vendor_media WHERE part_id = :partId ORDER BY created_at, id")
                .bind("partId", partId)
                .map(this::toMedia)
                .all()
                .collectList();
    }

    /** Sets which uploaded images the part shows, in order; leaving one out detaches it. */
    Mono<SparePart> arrange(UUID partId, List<UUID> mediaIds, CurrentUser user) {
        if (new HashSet<>(mediaIds).size() != mediaIds.size()) {
            return Mono.error(ApiProblems.invalid("mediaIds", "must not repeat an image"));
        }
        return catalog.lockedOwnedPart(partId, user)
                .flatMap(part -> listFor(partId).map(media -> urlsInOrder(media, mediaIds)))
                .flatMap(urls -> replaceImages(partId, urls))
                .as(tx::transactional);
    }

    Mono<Void> delete(UUID partId, UUID mediaId, CurrentUser user) {
        Mono<String> deleted = catalog.lockedOwnedPart(partId, user)
                .flatMap(part -> db.sql(
                                "DELETE FROM vendor_media WHERE id = :id AND part_id = :partId RETURNING storage_key")
                        .bind("id", mediaId)
                        .bind("partId", partId)
                        .map(row -> row.get("storage_key", String.class))
                        .one()
                        .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("image", mediaId)))
                        .flatMap(key -> replaceImages(partId, without(part.images(), urlOf(mediaId, key)))
                                .thenReturn(key)));
        return deleted.as(tx::transactional).flatMap(storage::delete);
    }

    private Mono<VendorMedia> attach(SparePart part, UUID id, String key, ImageType type, int size) {
        Mono<VendorMedia> inserted = db.sql(
                        "INSERT INTO vendor_media (id, vendor_id, part_id, storage_key, content_type, size_bytes)"
                                + " VALUES (:id, :vendorId, :partId, :key, :type, :size) RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("vendorId", part.vendorId())
                .bind("partId", part.id())
                .bind("key", key)
                .bind("type", type.contentType)
                .bind("size", size)
                .map(this::toMedia)
                .one();
        return inserted.flatMap(media ->
                replaceImages(part.id(), with(part.images(), media.url())).thenReturn(media));
    }

    private Mono<SparePart> replaceImages(UUID partId, List<String> images) {
        return parts.replaceImages(partId, images)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", partId)))
                .flatMap(catalog::recordUpdated)
                .as(tx::transactional);
    }

    private Mono<Long> countFor(UUID partId) {
        return db.sql("SELECT count(*) AS n FROM vendor_media WHERE part_id = :partId")
                .bind("partId", partId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private List<String> urlsInOrder(List<VendorMedia> media, List<UUID> ids) {
        Map<UUID, VendorMedia> byId = media.stream().collect(Collectors.toMap(VendorMedia::id, Function.identity()));
        List<String> urls = new ArrayList<>();
        for (UUID id : ids) {
            VendorMedia found = byId.get(id);
            if (found == null) {
                throw ApiProblems.invalid("mediaIds", id + " is not an image of this part");
            }
            urls.add(found.url());
        }
        return urls;
    }

    private static List<String> with(List<String> images, String url) {
        List<String> result = new ArrayList<>(images);
        result.add(url);
        return result;
    }

    private static List<String> without(List<String> images, String url) {
        return images.stream().filter(image -> !image.equals(url)).toList();
    }

    private String urlOf(UUID id, String key) {
        return limits.publicBaseUrl() + "/" + id;
    }

    private VendorMedia toMedia(Readable row) {
        UUID id = row.get("id", UUID.class);
        return new VendorMedia(
                id,
                row.get("vendor_id", UUID.class),
                row.get("part_id", UUID.class),
                urlOf(id, row.get("storage_key", String.class)),
                row.get("content_type", String.class),
                row.get("size_bytes", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    record Stored(byte[] bytes, String contentType) {}
}
