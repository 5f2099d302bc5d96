package cn.yiwang.layers.tiles;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The bytes of one encoded Mapbox Vector Tile (possibly empty: no feature in the tile) and their
 * strong entity tag: the first 128 bits of the SHA-256 of the bytes, base64url, quoted — equal
 * bytes give equal tags on every instance and after every restart. Immutable; the byte array is
 * never handed out for writing (callers must not modify {@link #bytes()}).
 */
public record Tile(byte[] bytes, String etag) {

    /** The tile of no feature. */
    public static final Tile EMPTY = of(new byte[0]);

    public static Tile of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Tile(bytes, '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + '"');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * Whether an {@code If-None-Match} header value (RFC 9110 §13.1.2: {@code *} or a
     * comma-separated list of entity tags, compared weakly) names this tile; {@code null} never
     * matches.
     */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tile t && etag.equals(t.etag) && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return etag.hashCode();
    }

    @Override
    public String toString() {
        return "Tile[" + bytes.length + " bytes, etag " + etag + "]";
    }
}
