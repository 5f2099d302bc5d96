package cn.yiwang.photo;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats accepted as photos, recognised by their leading magic bytes only (never by a
 * file name or a declared type). Everything else — GIF, SVG, HTML, PDF, HEIC, BMP, TIFF, text —
 * is not a photo here; {@link #describe(byte[])} names what it looks like, for error messages.
 * Pure and thread-safe.
 */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg", "JPEG"),
    PNG("image/png", "png", "PNG"),
    WEBP("image/webp", "webp", "WebP");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String contentType;
    private final String extension;
    private final String displayName;

    ImageFormat(String contentType, String extension, String displayName) {
        this.contentType = contentType;
        this.extension = extension;
        this.displayName = displayName;
    }

    /** The media type served and stored, e.g. {@code image/jpeg}. */
    public String contentType() {
        return contentType;
    }

    /** The file extension of stored files, without the dot. */
    public String extension() {
        return extension;
    }

    public String displayName() {
        return displayName;
    }

    /** The format whose magic bytes start {@code bytes}, if any of the three. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (bytes.length >= 12 && startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /**
     * The accepted format of a declared media type ({@code image/jpeg}, also the common misspelling
     * {@code image/jpg}, {@code image/png}, {@code image/webp}; parameters and case ignored), if any.
     */
    public static Optional<ImageFormat> ofContentType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String t = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "image/jpeg", "image/jpg", "image/pjpeg" -> Optional.of(JPEG);
            case "image/png" -> Optional.of(PNG);
            case "image/webp" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }

    /** What the bytes look like, in words ("a GIF image", "HTML", …), for an error message. */
    public static String describe(byte[] bytes) {
        Optional<ImageFormat> f = sniff(bytes);
        if (f.isPresent()) {
            return "a " + f.get().displayName + " image";
        }
        if (bytes.length == 0) {
            return "empty";
        }
        if (startsWith(bytes, 0, ascii("GIF8"))) {
            return "a GIF image";
        }
        if (startsWith(bytes, 0, ascii("BM"))) {
            return "a BMP image";
        }
        if (startsWith(bytes, 0, ascii("II*\0")) || startsWith(bytes, 0, ascii("MM\0*"))) {
            return "a TIFF image";
        }
        if (bytes.length >= 12 && startsWith(bytes, 4, ascii("ftyp"))) {
            String brand = new String(bytes, 8, 4, StandardCharsets.ISO_8859_1);
            return brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev") || brand.startsWith("msf")
                    ? "a HEIC/HEIF image (set the camera to 'Most Compatible' or convert it to JPEG)"
                    : brand.startsWith("avi") ? "an AVIF image" : "an ISO media file (video?)";
        }
        if (startsWith(bytes, 0, ascii("%PDF"))) {
            return "a PDF document";
        }
        if (startsWith(bytes, 0, ascii("RIFF"))) {
            return "a RIFF file that is not WebP";
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.contains("<svg")) {
            return "an SVG document";
        }
        if (head.contains("<html") || head.contains("<!doctype") || head.contains("<script") || head.contains("<body")) {
            return "HTML";
        }
        if (head.stripLeading().startsWith("<")) {
            return "XML or markup";
        }
        return "not a JPEG, PNG or WebP image";
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
