package cn.yiwang.basemap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.basemap}: optional base maps. Both are off by default, and the console then draws
 * the project's own data only (no request leaves the machine).
 *
 * @param tiandituKey       the operator's Tianditu (天地图) {@code tk} key; when set, the console adds
 *                          Tianditu's vector map and its labels ({@code vec_w} + {@code cva_w}, WMTS in
 *                          Web Mercator) as a base map choice. Blank: the console never asks Tianditu
 * @param mbtilesFile       path of an MBTiles 1.3 file (SQLite) of raster tiles (png, jpg or webp);
 *                          when set, the server serves its tiles at {@code /api/basemap/tiles/{z}/{x}/{y}}
 *                          and the console offers it as a base map. Blank: none
 * @param maxAgeSeconds     {@code Cache-Control: max-age} of served MBTiles tiles, in seconds
 */
@ConfigurationProperties("yiwang.basemap")
public record BasemapConfiguration(
        @Nullable String tiandituKey,
        @Nullable String mbtilesFile,
        @Bindable(defaultValue = "3600") int maxAgeSeconds) {

    public boolean hasTianditu() {
        return tiandituKey != null && !tiandituKey.isBlank();
    }

    public boolean hasMbtiles() {
        return mbtilesFile != null && !mbtilesFile.isBlank();
    }
}
