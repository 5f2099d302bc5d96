package cn.yiwang.photo;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A stored photo as the API shows it.
 *
 * @param id          SHA-256 of the stored bytes, 64 lowercase hex digits
 * @param url         where to GET the bytes
 * @param contentType image/jpeg, image/png or image/webp
 * @param bytes       size of the stored (stripped) file
 * @param width       pixels, as stored (before any EXIF rotation a viewer applies)
 * @param height      pixels, as stored
 * @param location    the EXIF GPS position, or {@code null}
 * @param takenAt     EXIF DateTimeOriginal, ISO-8601 local time on the camera clock, with the
 *                    offset when the camera recorded one ({@code 2024-05-01T09:30:00+08:00}); or {@code null}
 */
@Serdeable
public record Photo(String id, String url, String contentType, int bytes, int width, int height,
                    @Nullable Location location, @Nullable String takenAt) {

    /** A position in degrees; {@code crs} is always {@code wgs84} (phone GNSS). */
    @Serdeable
    public record Location(double lon, double lat, String crs) {
    }

    public static String url(String id) {
        return "/api/photos/" + id;
    }
}
