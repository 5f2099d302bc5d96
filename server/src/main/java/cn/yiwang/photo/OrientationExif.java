package cn.yiwang.photo;

/**
 * Builds the only EXIF a stored photo keeps: a TIFF block (big-endian) whose IFD0 holds a single
 * Orientation entry. Phones store portrait photos as landscape pixels plus an Orientation tag;
 * dropping the tag would show them sideways, and rotating the pixels would mean re-encoding.
 * Pure and thread-safe.
 */
final class OrientationExif {

    private OrientationExif() {
    }

    /** The TIFF block for {@code orientation} (2–8; 1, upright, needs no EXIF at all). */
    static byte[] tiff(int orientation) {
        if (orientation < 2 || orientation > 8) {
            throw new IllegalArgumentException("orientation " + orientation + " is not in 2..8");
        }
        return new byte[] {
            'M', 'M', 0, 42, 0, 0, 0, 8, // header: big-endian, IFD0 at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1, value
            0, 0, 0, 0 // no next IFD
        };
    }
}
