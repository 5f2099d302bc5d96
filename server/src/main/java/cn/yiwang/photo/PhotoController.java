package cn.yiwang.photo;

import java.util.List;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Photo API.
 * <ul>
 *   <li>{@code POST /api/photos} (grid_worker, dispatcher, ops, department, admin): the image as
 *       the raw body with {@code Content-Type: image/jpeg|image/png|image/webp}, or as the part
 *       {@code file} of {@code multipart/form-data} → {@link Photo}; {@code 201 Created} with
 *       {@code Location} when the bytes are new, {@code 200 OK} with the same body when the same
 *       picture was uploaded before (by anyone). Too large → 413; not JPEG/PNG/WebP, animated, or
 *       declared as another type → 415; truncated or malformed, too many pixels, empty → 422; all
 *       problem+json naming the problem.</li>
 *   <li>{@code GET /api/photos/{id}} (any authenticated user the {@link PhotoAccessPolicy} beans
 *       grant): the stored bytes with their type, a strong {@code ETag} (the id),
 *       {@code Cache-Control: private, max-age=…, immutable}, {@code nosniff} and a CSP that lets
 *       nothing run; {@code If-None-Match} → 304. Malformed id → 400, unknown → 404, not granted → 403.</li>
 * </ul>
 */
@Controller("/api/photos")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PhotoController {

    static final String TOO_LARGE = "/problems/photo-too-large";
    static final String UNSUPPORTED = "/problems/unsupported-photo-type";
    static final String MISMATCH = "/problems/photo-type-mismatch";
    static final String INVALID = "/problems/invalid-photo";
    static final String TOO_MANY_PIXELS = "/problems/photo-too-many-pixels";

    private final PhotoService service;

    public PhotoController(PhotoService service) {
        this.service = service;
    }

    @Post(consumes = {"image/jpeg", "image/png", "image/webp", "image/jpg", MediaType.APPLICATION_OCTET_STREAM},
            produces = MediaType.APPLICATION_JSON)
    @Secured({Role.GRID_WORKER_KEY, Role.DISPATCHER_KEY, Role.OPS_KEY, Role.DEPARTMENT_KEY, Role.ADMIN_KEY})
    public HttpResponse<Photo> uploadBody(HttpRequest<?> request, @Nullable @Body byte[] body, Authentication authentication) {
        String declared = request.getContentType().map(MediaType::toString).orElse(null);
        return upload(request, body == null ? new byte[0] : body, declared, authentication);
    }

    @Post(consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @Secured({Role.GRID_WORKER_KEY, Role.DISPATCHER_KEY, Role.OPS_KEY, Role.DEPARTMENT_KEY, Role.ADMIN_KEY})
    public HttpResponse<Photo> uploadForm(HttpRequest<?> request, @Nullable @Part("file") CompletedFileUpload file,
                                          Authentication authentication) throws java.io.IOException {
        if (file == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body",
                    "The multipart/form-data body has no part named 'file'; send the photo as the part 'file'.",
                    List.of(new Problem.InvalidParam("file", null, "is required")));
        }
        String declared = file.getContentType().map(MediaType::toString).orElse(null);
        if (file.getSize() > service.configuration().maxBytes()) {
            // Checked before the part is copied into memory.
            PhotoRejectedException e = PhotoSanitizer.tooLarge(file.getSize(), service.configuration().maxBytes());
            service.rejected(e, file.getSize(), declared, authentication.getName(), role(authentication), clientIp(request));
            throw problem(e);
        }
        return upload(request, file.getBytes(), declared, authentication);
    }

    private HttpResponse<Photo> upload(HttpRequest<?> request, byte[] bytes, @Nullable String declared, Authentication authentication) {
        PhotoService.Upload upload;
        try {
            upload = service.upload(bytes, declared, authentication.getName(), role(authentication), clientIp(request));
        } catch (PhotoRejectedException e) {
            throw problem(e);
        }
        return upload.created()
                ? HttpResponse.<Photo>created(upload.photo()).header(HttpHeaders.LOCATION, upload.photo().url())
                : HttpResponse.ok(upload.photo());
    }

    @Get(uri = "/{id}", produces = MediaType.ALL)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<byte[]> read(@PathVariable String id, HttpRequest<?> request, Authentication authentication) {
        if (!PhotoService.isId(id)) {
            throw ApiException.badParameter("id", "'" + Params.clip(id) + "' is not a photo id (64 lowercase hex digits, the SHA-256 of the photo)");
        }
        if (!service.exists(id)) {
            throw ApiException.notFound("No photo with id " + id + ".");
        }
        if (!service.canRead(authentication, id)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "You may not see photo " + id + ": it is shown to its uploaders, to admin, ops and dispatcher, and to whoever may see what it is attached to.",
                    List.of());
        }
        String etag = "\"" + id + "\"";
        String cacheControl = "private, max-age=" + service.configuration().cacheMaxAgeSeconds() + ", immutable";
        String ifNoneMatch = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            return secured(HttpResponse.<byte[]>status(HttpStatus.NOT_MODIFIED), etag, cacheControl);
        }
        PhotoService.Content content = service.content(id).orElseThrow(() -> ApiException.notFound("No photo with id " + id + "."));
        ImageFormat format = content.row().format();
        return secured(HttpResponse.ok(content.bytes()), etag, cacheControl)
                .contentType(format.contentType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + id + "." + format.extension() + "\"");
    }

    private static MutableHttpResponse<byte[]> secured(MutableHttpResponse<byte[]> response, String etag, String cacheControl) {
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'")
                .header("Cross-Origin-Resource-Policy", "same-origin");
    }

    static ApiException problem(PhotoRejectedException e) {
        HttpStatus status;
        String type;
        switch (e.reason()) {
            case TOO_LARGE -> {
                status = HttpStatus.REQUEST_ENTITY_TOO_LARGE;
                type = TOO_LARGE;
            }
            case UNSUPPORTED_TYPE -> {
                status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                type = UNSUPPORTED;
            }
            case TYPE_MISMATCH -> {
                status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                type = MISMATCH;
            }
            case TOO_MANY_PIXELS -> {
                status = HttpStatus.UNPROCESSABLE_ENTITY;
                type = TOO_MANY_PIXELS;
            }
            default -> {
                status = HttpStatus.UNPROCESSABLE_ENTITY;
                type = INVALID;
            }
        }
        return new ApiException(status, type, e.getMessage(), List.of(new Problem.InvalidParam("file", null, e.getMessage())));
    }

    private static String role(Authentication authentication) {
        return authentication.getRoles().stream().findFirst().orElse(null);
    }

    private static String clientIp(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
