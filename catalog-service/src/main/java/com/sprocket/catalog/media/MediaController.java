package com.sprocket.catalog.media;

import com.sprocket.catalog.config.CatalogProperties;
import com.sprocket.catalog.part.PartView;
import com.sprocket.catalog.part.ReorderImages;
import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Media", description = "Images of parts: vendors upload and arrange, everyone views")
class MediaController {

    private final MediaLibrary library;
    private final int maxBytes;

    MediaController(MediaLibrary library, CatalogProperties properties) {
        this.library = library;
        this.maxBytes = (int) properties.media().maxBytes().toBytes();
    }

    @ProblemResponses({409, 413, 415})
    @PostMapping(path = "/api/catalog/parts/{partId}/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Upload an image (JPEG, PNG or WebP, form field `file`) to your part; it is appended to its images")
    Mono<VendorMedia> upload(@PathVariable UUID partId, @RequestPart("file") Mono<Part> file, CurrentUser user) {
        return file.switchIfEmpty(Mono.error(() -> ApiProblems.invalid("file", "is required")))
                .flatMap(MediaController::fileOnly)
                .flatMap(this::bytes)
                .flatMap(bytes -> library.upload(partId, bytes, user));
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping("/api/catalog/parts/{partId}/media")
    @Operation(summary = "Images uploaded for a part, attached or not")
    Mono<List<VendorMedia>> list(@PathVariable UUID partId) {
        return library.listFor(partId);
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping(
            path = "/api/catalog/media/{id}",
            produces = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "image/webp"})
    @Operation(summary = "The image bytes")
    Mono<ResponseEntity<byte[]>> image(@PathVariable UUID id) {
        return library.load(id)
                .map(stored -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(stored.contentType()))
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(365))
                                .cachePublic()
                                .immutable())
                        .header("X-Content-Type-Options", "nosniff")
                        .body(stored.bytes()));
    }

    @PutMapping("/api/catalog/parts/{partId}/images")
    @Operation(summary = "Choose and order the images your part shows (first is primary)")
    Mono<PartView> arrange(@PathVariable UUID partId, @Valid @RequestBody ReorderImages request, CurrentUser user) {
        return library.arrange(partId, request.mediaIds(), user).map(PartView::of);
    }

    @DeleteMapping("/api/catalog/parts/{partId}/media/{mediaId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an image of your part")
    Mono<Void> delete(@PathVariable UUID partId, @PathVariable UUID mediaId, CurrentUser user) {
        return library.delete(partId, mediaId, user);
    }

    /** A plain form field named {@code file} is a client error, not a cast failure. */
    private static Mono<FilePart> fileOnly(Part part) {
        return part instanceof FilePart file
                ? Mono.just(file)
                : Mono.error(ApiProblems.invalid("file", "must be a file part, not a form field"));
    }

    private Mono<byte[]> bytes(FilePart file) {
        return DataBufferUtils.join(file.content(), maxBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(
                        DataBufferLimitException.class,
                        error -> ApiProblems.tooLarge("An image may be at most " + maxBytes / (1024 * 1024) + " MB."))
                .filter(bytes -> bytes.length > 0)
                .switchIfEmpty(Mono.error(() -> ApiProblems.invalid("file", "is empty")));
    }
}
