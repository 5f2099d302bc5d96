package cn.yiwang.photo;

/**
 * One image after its container has been walked: its pixel size from the headers, its raw EXIF
 * block if any, and a way to write it again without metadata.
 */
interface ParsedImage {

    ImageFormat format();

    int width();

    int height();

    /** The EXIF (TIFF) block, or {@code null}. */
    byte[] exif();

    /**
     * The same image with every metadata segment or chunk left out and the compressed pixel data
     * copied byte for byte.
     *
     * @param orientation 1–8; other than 1, a minimal EXIF holding only this Orientation is written
     */
    byte[] withoutMetadata(int orientation);
}
