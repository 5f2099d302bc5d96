package cn.yiwang.photo;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.security.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/**
 * Photo upload and lookup, for the photo API and for features that attach photos (cases,
 * handling and verification steps).
 *
 * <p>An upload is sanitized ({@link PhotoSanitizer}: checked, EXIF read, metadata stripped), the
 * stripped bytes are stored under their SHA-256 ({@link PhotoStore}), then the row is written —
 * file first, so a row never names a missing file — and the upload is audited (sizes, type, and
 * whether it had a position; never the image or the position). The same bytes uploaded again are
 * the same photo: nothing new is stored, the caller is added to its uploaders, and the stored
 * row's EXIF values (from the first upload) are returned. Rejections are audited too and rethrown.
 *
 * <p>Who may read a photo is decided by the {@link PhotoAccessPolicy} beans; one grant suffices.
 */
@Singleton
public class PhotoService {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoService.class);

    /** An upload's outcome: the photo, and whether these bytes are new. */
    public record Upload(Photo photo, boolean created) {
    }

    private final PhotoConfiguration configuration;
    private final PhotoStore store;
    private final PhotoRepository repository;
    private final List<PhotoAccessPolicy> policies;
    private final AuditLog audit;

    public PhotoService(PhotoConfiguration configuration, PhotoRepository repository, List<PhotoAccessPolicy> policies,
                        AuditLog audit) {
        this.configuration = configuration;
        this.store = new PhotoStore(Path.of(configuration.directory()));
        this.repository = repository;
        this.policies = List.copyOf(policies);
        this.audit = audit;
    }

    public PhotoConfiguration configuration() {
        return configuration;
    }

    /**
     * Stores an uploaded photo.
     *
     * @param upload              the bytes as uploaded
     * @param declaredContentType the media type the client declared (see {@link PhotoSanitizer#sanitize})
     * @throws PhotoRejectedException when it is not an acceptable photo (audited as {@code photo.reject})
     */
    public Upload upload(byte[] upload, @Nullable String declaredContentType, String actor, @Nullable String role,
                         @Nullable String clientIp) {
        PhotoSanitizer.SanitizedPhoto photo;
        try {
            photo = PhotoSanitizer.sanitize(upload, declaredContentType, configuration.maxBytes(), configuration.maxPixels());
        } catch (PhotoRejectedException e) {
            rejected(e, upload.length, declaredContentType, actor, role, clientIp);
            throw e;
        }
        PhotoStore.Stored stored = store.put(photo.bytes(), photo.format());
        boolean created = repository.insert(stored.id(), photo, actor);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("contentType", photo.format().contentType());
        detail.put("uploadedBytes", upload.length);
        detail.put("storedBytes", photo.bytes().length);
        detail.put("width", photo.width());
        detail.put("height", photo.height());
        detail.put("exifLocation", photo.exif().hasLocation());
        detail.put("created", created);
        audit.record(actor, role, "photo.upload", "photo:" + stored.id(), clientIp, detail);
        Photo result = repository.find(stored.id()).orElseThrow(() -> new IllegalStateException("photo " + stored.id() + " vanished"))
                .toPhoto();
        return new Upload(result, created);
    }

    /** Audits an upload that was refused ({@code photo.reject}, with the reason and size, never the bytes). */
    public void rejected(PhotoRejectedException e, long bytes, @Nullable String declaredContentType, String actor,
                         @Nullable String role, @Nullable String clientIp) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", e.reason().name().toLowerCase(java.util.Locale.ROOT));
        detail.put("uploadedBytes", bytes);
        detail.put("declaredType", declaredContentType == null ? "" : declaredContentType);
        audit.record(actor, role, "photo.reject", null, clientIp, detail);
        LOG.info("Photo upload by {} refused: {}", actor, e.getMessage());
    }

    /** Whether {@code id} is a well-formed photo id (64 lowercase hex digits). Never throws. */
    public static boolean isId(@Nullable String id) {
        return PhotoStore.isId(id);
    }

    /** Whether a photo with this id exists; {@code false} for malformed ids. */
    public boolean exists(@Nullable String id) {
        return isId(id) && repository.find(id).isPresent();
    }

    /** Of {@code ids}, those that are malformed or name no photo, in their given order (empty: all exist). */
    public Set<String> missing(Collection<String> ids) {
        List<String> wellFormed = ids.stream().filter(PhotoService::isId).toList();
        Set<String> unknown = repository.missing(wellFormed);
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String id : ids) {
            if (!isId(id) || unknown.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The photo's metadata; empty for malformed or unknown ids. */
    public Optional<Photo> find(@Nullable String id) {
        return isId(id) ? repository.find(id).map(PhotoRepository.PhotoRow::toPhoto) : Optional.empty();
    }

    /** Whether {@code user} may read the existing photo {@code id}: any {@link PhotoAccessPolicy} grants it. */
    public boolean canRead(Authentication user, String id) {
        for (PhotoAccessPolicy policy : policies) {
            if (policy.canRead(user, id)) {
                return true;
            }
        }
        return false;
    }

    /** A stored photo's file content and its row. */
    public record Content(PhotoRepository.PhotoRow row, byte[] bytes) {
    }

    /** The stored bytes of photo {@code id}; empty when unknown. A row without its file is a server fault. */
    public Optional<Content> content(String id) {
        Optional<PhotoRepository.PhotoRow> row = isId(id) ? repository.find(id) : Optional.empty();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = store.read(id, row.get().format())
                .orElseThrow(() -> new IllegalStateException("photo " + id + " has a row but no file under " + store.directory()));
        return Optional.of(new Content(row.get(), bytes));
    }
}
