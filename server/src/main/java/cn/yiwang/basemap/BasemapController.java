package cn.yiwang.basemap;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The base map settings for the console and the local MBTiles tiles.
 * <ul>
 *   <li>{@code GET /api/basemap}: {@link Settings}: {@code tianditu} (the {@code tk} key and the
 *       layers to request) when a key is configured, {@code local} (the tile URL template, format,
 *       zoom range, bounds) when an MBTiles file is; {@code null} members are off;</li>
 *   <li>{@code GET /api/basemap/tiles/{z}/{x}/{y}[.png|.jpg|.webp]}: one tile of the MBTiles file
 *       (XYZ rows), with its format's media type; 404 when the file has no such tile or no file is
 *       configured, 400 for coordinates that are not integers in the tile grid (a path such as
 *       {@code ../x} never names a file: the tile is a row of the SQLite file).</li>
 * </ul>
 * Both need a token, or public grid read (the base map is no personal data). The Tianditu key is
 * sent to the browser by design: Tianditu authenticates the page's own tile requests with it.
 */
@Controller("/api/basemap")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class BasemapController {

    /** Tianditu's vector map and its annotation layer, both in Web Mercator (TILEMATRIXSET {@code w}). */
    static final List<String> TIANDITU_LAYERS = List.of("vec", "cva");

    private static final Pattern ROW = Pattern.compile("(\\d{1,10})(?:\\.(png|jpg|jpeg|webp))?");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,10}");
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp");

    /** What the console may add under the grids. */
    @Serdeable
    public record Settings(@Nullable Tianditu tianditu, @Nullable Local local) {
    }

    /** Tianditu WMTS: the key, the tile matrix set and the layers (vector map, then its labels). */
    @Serdeable
    public record Tianditu(String key, String matrixSet, List<String> layers) {
    }

    /** The local MBTiles file as an XYZ tile source. */
    @Serdeable
    public record Local(String kind, String name, String format, String tiles, int minZoom, int maxZoom,
                        @Nullable double[] bounds, @Nullable String attribution) {
    }

    private final BasemapConfiguration config;
    private final LocalBasemap local;

    public BasemapController(BasemapConfiguration config, LocalBasemap local) {
        this.config = config;
        this.local = local;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Settings settings() {
        Tianditu tianditu = config.hasTianditu()
                ? new Tianditu(config.tiandituKey().trim(), "w", TIANDITU_LAYERS) : null;
        Local file = local.reader().map(r -> {
            MbTilesReader.Metadata m = r.metadata();
            String ext = MEDIA_TYPES.containsKey(m.format()) ? "." + m.format() : "";
            return new Local("mbtiles", m.name(), m.format(), "/api/basemap/tiles/{z}/{x}/{y}" + ext, m.minZoom(), m.maxZoom(),
                    m.bounds(), m.attribution());
        }).orElse(null);
        return new Settings(tianditu, file);
    }

    @Get(uri = "/tiles/{z}/{x}/{y}")
    public HttpResponse<byte[]> tile(@PathVariable String z, @PathVariable String x, @PathVariable String y) {
        MbTilesReader reader = local.reader().orElseThrow(() -> ApiException.notFound(
                "No local base map is configured (yiwang.basemap.mbtiles-file)."));
        int zoom = index("z", z, INTEGER.matcher(z).matches() ? z : null, 30);
        long last = (1L << zoom) - 1;
        int column = index("x", x, INTEGER.matcher(x).matches() ? x : null, last);
        Matcher row = ROW.matcher(y);
        int rowIndex = index("y", y, row.matches() ? row.group(1) : null, last);
        byte[] bytes = reader.tile(zoom, column, rowIndex).orElseThrow(() -> ApiException.notFound(
                "The local base map has no tile " + zoom + "/" + column + "/" + rowIndex + "."));
        String format = reader.metadata().format();
        return HttpResponse.ok(bytes)
                .contentType(MEDIA_TYPES.getOrDefault(format, MediaType.APPLICATION_OCTET_STREAM))
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + config.maxAgeSeconds());
    }

    private static int index(String name, String raw, @Nullable String digits, long max) {
        if (digits == null) {
            throw ApiException.badParameter(name, "'" + Params.clip(raw) + "' is not a tile index");
        }
        long v = Long.parseLong(digits);
        if (v > max) {
            throw ApiException.badParameter(name, v + " is out of range [0, " + max + "]");
        }
        return (int) v;
    }
}
