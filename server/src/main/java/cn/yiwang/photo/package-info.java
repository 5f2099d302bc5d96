/**
 * Photos: upload, sanitizing and content-addressed storage, for cases and their handling steps.
 *
 * <p>The pure core needs no framework: {@link cn.yiwang.photo.ImageFormat} recognises JPEG, PNG
 * and WebP by magic bytes; {@link cn.yiwang.photo.JpegImage}, {@link cn.yiwang.photo.PngImage} and
 * {@link cn.yiwang.photo.WebpImage} walk each container with every length bounded by the file;
 * {@link cn.yiwang.photo.ExifReader} is a small bounded TIFF reader for the GPS position, time and
 * orientation; {@link cn.yiwang.photo.MetadataStripper} rewrites the file without metadata by
 * copying kept segments byte for byte (pixels identical, orientation kept as a one-tag EXIF);
 * {@link cn.yiwang.photo.PhotoSanitizer} chains them; {@link cn.yiwang.photo.PhotoStore} keeps
 * files under their SHA-256. A hand-written reader rather than a metadata library: it reads four
 * tags, and a reader this small can be checked against hostile input line by line.
 *
 * <p>The EXIF position is read before stripping and kept in the {@code photo} row, not in the
 * file. Reading is granted by {@link cn.yiwang.photo.PhotoAccessPolicy} beans, which features
 * that attach photos extend.
 */
package cn.yiwang.photo;
