package cn.yiwang.layers.tiles;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.tiles}: vector tile settings.
 *
 * @param cacheMaxMegabytes the most the in-memory tile cache holds, in MB (10^6 bytes; tile bytes
 *                          plus a small per-tile overhead); least recently used tiles go first; 0 disables it
 * @param maxAgeSeconds     {@code Cache-Control: max-age} of tiles, in seconds: how long browsers and
 *                          proxies may reuse a tile without asking (they revalidate with
 *                          {@code If-None-Match} after that)
 * @param maxTileKilobytes  a generated tile larger than this, in kB (1000 bytes), is logged as a warning (it is
 *                          still served): the layer then needs a higher min zoom or more
 *                          simplification
 */
@ConfigurationProperties("yiwang.tiles")
public record TilesConfiguration(
        @Bindable(defaultValue = "256") long cacheMaxMegabytes,
        @Bindable(defaultValue = "60") int maxAgeSeconds,
        @Bindable(defaultValue = "250") int maxTileKilobytes) {

    public long cacheMaxBytes() {
        return cacheMaxMegabytes * 1_000_000;
    }

    public long maxTileBytes() {
        return maxTileKilobytes * 1000L;
    }
}
