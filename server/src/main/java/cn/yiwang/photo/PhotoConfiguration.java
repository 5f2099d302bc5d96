package cn.yiwang.photo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.photos}: photo upload and storage.
 *
 * @param directory          where photo files are stored; {@code application.yml} sets
 *                           {@code ${YIWANG_HOME:.}/var/photos}, beside the private cluster
 * @param maxBytes           the largest upload accepted, in bytes (10 MiB); larger → 413. The
 *                           server's {@code micronaut.server.max-request-size} (32 MB) and
 *                           {@code micronaut.server.multipart.max-file-size} cap it
 * @param maxPixels          the most width × height accepted (50 megapixels), against
 *                           decompression bombs; more → 422
 * @param cacheMaxAgeSeconds how long a browser may keep a photo it fetched ({@code Cache-Control:
 *                           private, max-age=…, immutable}); the bytes never change under an id
 */
@ConfigurationProperties("yiwang.photos")
public record PhotoConfiguration(
        @Bindable(defaultValue = "var/photos") String directory,
        @Bindable(defaultValue = "10485760") long maxBytes,
        @Bindable(defaultValue = "50000000") long maxPixels,
        @Bindable(defaultValue = "86400") long cacheMaxAgeSeconds) {
}
