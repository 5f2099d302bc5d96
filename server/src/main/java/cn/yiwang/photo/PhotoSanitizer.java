package cn.yiwang.photo;

import java.util.Optional;

/**
 * Turns an uploaded file into what Yiwang stores: checks it (size, format by magic bytes, the
 * declared media type against the bytes, container structure, pixel count), reads its EXIF
 * position, time and orientation, and strips its metadata ({@link MetadataStripper}).
 *
 * <p>The structure is checked (JPEG markers to EOI, PNG chunk CRCs to IEND, WebP RIFF and chunk
 * sizes); the compressed pixel data itself is not decoded, so a file whose entropy-coded data is
 * damaged but whose structure is intact is accepted and shows as a damaged picture. The pixel
 * limit guards the viewers that will decode it against decompression bombs.
 *
 * <p>Pure and thread-safe; every rejection is a {@link PhotoRejectedException} naming the problem.
 */
public final class PhotoSanitizer {

    /** The image Yiwang stores, and what was read from it before stripping. */
    public record SanitizedPhoto(ImageFormat format, int width, int height, ExifData exif, byte[] bytes) {
    }

    private PhotoSanitizer() {
    }

    /**
     * @param upload               the uploaded bytes
     * @param declaredContentType  the media type the client declared; {@code null} or
     *                             {@code application/octet-stream} when it declared none, then the
     *                             bytes alone decide
     * @param maxBytes             the most bytes accepted
     * @param maxPixels            the most width × height accepted
     */
    public static SanitizedPhoto sanitize(byte[] upload, String declaredContentType, long maxBytes, long maxPixels) {
        if (upload.length > maxBytes) {
            throw tooLarge(upload.length, maxBytes);
        }
        if (upload.length == 0) {
            throw new PhotoRejectedException(PhotoRejectedException.Reason.MALFORMED, "The photo is empty (0 bytes).");
        }
        Optional<ImageFormat> actual = ImageFormat.sniff(upload);
        if (actual.isEmpty()) {
            throw new PhotoRejectedException(PhotoRejectedException.Reason.UNSUPPORTED_TYPE,
                    "The file is " + ImageFormat.describe(upload) + "; photos must be JPEG, PNG or WebP.");
        }
        if (declaredContentType != null && !declaredContentType.isBlank() && !isGeneric(declaredContentType)) {
            Optional<ImageFormat> declared = ImageFormat.ofContentType(declaredContentType);
            if (declared.isEmpty()) {
                throw new PhotoRejectedException(PhotoRejectedException.Reason.UNSUPPORTED_TYPE,
                        "The declared type '" + clip(declaredContentType) + "' is not accepted; photos must be image/jpeg, image/png or image/webp.");
            }
            if (declared.get() != actual.get()) {
                throw new PhotoRejectedException(PhotoRejectedException.Reason.TYPE_MISMATCH,
                        "The file is declared as " + declared.get().contentType() + " but its bytes are " + ImageFormat.describe(upload) + ".");
            }
        }
        ParsedImage image = MetadataStripper.parse(upload);
        long pixels = (long) image.width() * image.height();
        if (pixels > maxPixels) {
            throw new PhotoRejectedException(PhotoRejectedException.Reason.TOO_MANY_PIXELS,
                    "The image is " + image.width() + " × " + image.height() + " pixels (" + pixels
                            + "); at most " + maxPixels + " pixels are accepted.");
        }
        ExifData exif = ExifReader.read(image.exif());
        return new SanitizedPhoto(image.format(), image.width(), image.height(), exif, image.withoutMetadata(exif.orientation()));
    }

    /** The rejection for an upload of {@code bytes} bytes when at most {@code maxBytes} are accepted. */
    public static PhotoRejectedException tooLarge(long bytes, long maxBytes) {
        String limit = maxBytes % (1024 * 1024) == 0 ? maxBytes + " bytes (" + maxBytes / (1024 * 1024) + " MiB)" : maxBytes + " bytes";
        return new PhotoRejectedException(PhotoRejectedException.Reason.TOO_LARGE,
                "The photo has " + bytes + " bytes; at most " + limit + " are accepted.");
    }

    private static boolean isGeneric(String mediaType) {
        String t = mediaType.split(";", 2)[0].trim();
        return t.equalsIgnoreCase("application/octet-stream");
    }

    private static String clip(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
