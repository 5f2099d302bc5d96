package cn.yiwang.photo;

/**
 * Rewrites a JPEG, PNG or WebP without its metadata — EXIF (GPS, camera serial numbers, owner
 * names), XMP, IPTC, comments, text chunks, timestamps, thumbnails, maker data and anything after
 * the image's end — by copying the kept segments or chunks byte for byte: the compressed pixel
 * data is never decoded or re-encoded, so the pixels are identical.
 *
 * <p>Orientation is kept: when the EXIF says the pixels are stored rotated or mirrored
 * (Orientation 2–8, as phones write for portrait shots), the output carries a fresh minimal EXIF
 * holding that one tag and nothing else, so viewers still show the photo upright. What each format
 * keeps is listed on {@link JpegImage}, {@link PngImage} and {@link WebpImage}.
 *
 * <p>Pure and thread-safe. Throws {@link PhotoRejectedException} for anything that is not a
 * well-formed JPEG, PNG or WebP.
 */
public final class MetadataStripper {

    private MetadataStripper() {
    }

    /** The image without metadata (see the class comment). */
    public static byte[] strip(byte[] image) {
        ParsedImage parsed = parse(image);
        return parsed.withoutMetadata(ExifReader.read(parsed.exif()).orientation());
    }

    /** Walks the container of a JPEG, PNG or WebP, recognised by its magic bytes. */
    static ParsedImage parse(byte[] image) {
        ImageFormat format = ImageFormat.sniff(image).orElseThrow(() -> new PhotoRejectedException(
                PhotoRejectedException.Reason.UNSUPPORTED_TYPE,
                "The file is " + ImageFormat.describe(image) + "; photos must be JPEG, PNG or WebP."));
        return switch (format) {
            case JPEG -> JpegImage.parse(image);
            case PNG -> PngImage.parse(image);
            case WEBP -> WebpImage.parse(image);
        };
    }
}
