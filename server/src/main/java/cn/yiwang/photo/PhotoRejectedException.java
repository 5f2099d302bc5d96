package cn.yiwang.photo;

/**
 * Why a file is not accepted as a photo. The message names the problem for the client (it never
 * contains the file's bytes beyond a format name); {@link #reason()} lets the HTTP layer choose
 * the status.
 */
public class PhotoRejectedException extends IllegalArgumentException {

    /** The kinds of rejection. */
    public enum Reason {
        /** More bytes than allowed (HTTP 413). */
        TOO_LARGE,
        /** Not a JPEG, PNG or WebP, or an animated one (HTTP 415). */
        UNSUPPORTED_TYPE,
        /** The declared media type and the bytes disagree (HTTP 415). */
        TYPE_MISMATCH,
        /** Looks like an accepted format but is truncated or structurally broken (HTTP 422). */
        MALFORMED,
        /** Width × height above the limit, against decompression bombs (HTTP 422). */
        TOO_MANY_PIXELS
    }

    private final Reason reason;

    public PhotoRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static PhotoRejectedException malformed(ImageFormat format, String detail) {
        return new PhotoRejectedException(Reason.MALFORMED, "The " + format.displayName() + " image is invalid: " + detail + ".");
    }
}
