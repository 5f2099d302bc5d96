package cn.yiwang.photo;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What Yiwang takes from a photo's EXIF before stripping it.
 *
 * @param latitude       degrees north, WGS84 as phone GNSS records it; {@code null} when absent or unusable
 * @param longitude      degrees east, WGS84; {@code null} exactly when {@code latitude} is
 * @param takenAt        DateTimeOriginal on the camera's clock (no zone in EXIF); {@code null} when absent
 * @param takenAtOffset  OffsetTimeOriginal (EXIF 2.31), the camera clock's UTC offset; {@code null} when absent
 * @param orientation    TIFF Orientation 1–8 (1 = upright); 1 when absent or invalid
 */
public record ExifData(Double latitude, Double longitude, LocalDateTime takenAt, ZoneOffset takenAtOffset, int orientation) {

    /** No usable EXIF. */
    public static final ExifData NONE = new ExifData(null, null, null, null, 1);

    public ExifData {
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("latitude and longitude are both present or both absent");
        }
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("orientation " + orientation + " is not in 1..8");
        }
    }

    public boolean hasLocation() {
        return latitude != null;
    }

    /** {@link #takenAt} with its offset when the camera recorded one, else {@code null}. */
    public OffsetDateTime takenAtWithOffset() {
        return takenAt == null || takenAtOffset == null ? null : takenAt.atOffset(takenAtOffset);
    }
}
