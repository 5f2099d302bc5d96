package cn.yiwang.layers.tiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.layers.LayerDefinition;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Mapbox Vector Tiles 2.1 in the Web Mercator XYZ scheme, {@code GET /tiles/{layer}/{z}/{x}/{y}.mvt},
 * and a TileJSON 3.0.0 per layer, {@code GET /tiles/{layer}.json}.
 *
 * <p>A tile answers 200 with the bytes, a strong {@code ETag} (hash of the bytes) and
 * {@code Cache-Control: public|private, max-age=…}; 304 when {@code If-None-Match} names that
 * ETag; 204 when no feature reaches the tile (or below the layer's min zoom). An unknown layer is
 * 404, a zoom outside 0–22, a column or row outside {@code [0, 2^z)} or a non-integer is 400;
 * both as problem+json naming the parameter. {@code X-Tile-Cache: hit|miss|bypass} tells where the
 * tile came from. Needs a token, except where {@code PublicGridReadRule} opens the public layers.
 * A non-public layer (cases) is drawn from the caller's {@link LayerScope} only: its tiles, TileJSON
 * bounds and cache entries are per scope, and {@code Cache-Control} is {@code private}.
 */
@Controller("/tiles")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class TileController {

    public static final String MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile";
    public static final String CACHE_STATUS_HEADER = "X-Tile-Cache";
    /** Width and height of the view {@code center}'s zoom is chosen to fit the bounds in, in tiles. */
    private static final double CENTER_VIEWPORT_TILES = 4;
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,10}");
    private static final List<Double> WORLD_BOUNDS = List.of(-180.0, -TileMath.MAX_LATITUDE_DEGREES, 180.0, TileMath.MAX_LATITUDE_DEGREES);

    private final TileService tiles;
    private final LayerScopes scopes;
    private final HttpHostResolver hostResolver;
    private final String publicCacheControl;
    private final String privateCacheControl;

    public TileController(TileService tiles, LayerScopes scopes, HttpHostResolver hostResolver, TilesConfiguration config) {
        this.tiles = tiles;
        this.scopes = scopes;
        this.hostResolver = hostResolver;
        this.publicCacheControl = "public, max-age=" + config.maxAgeSeconds();
        this.privateCacheControl = "private, max-age=" + config.maxAgeSeconds();
    }

    @Get(uri = "/{layer}/{z}/{x}/{y}.mvt", produces = MVT_MEDIA_TYPE)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<byte[]> tile(@PathVariable String layer, @PathVariable String z, @PathVariable String x,
                                     @PathVariable String y, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                     @Nullable Authentication authentication) {
        LayerDefinition definition = layer(layer);
        LayerScope scope = scope(definition, authentication);
        int zoom = index("z", z, TileMath.MAX_ZOOM, "");
        int last = TileMath.tilesPerAxis(zoom) - 1;
        int column = index("x", x, last, " at zoom " + zoom);
        int row = index("y", y, last, " at zoom " + zoom);
        TileService.Result result = tiles.tile(definition, scope, zoom, column, row);
        Tile tile = result.tile();
        MutableHttpResponse<byte[]> response;
        if (tile.isEmpty()) {
            response = HttpResponse.noContent();
        } else if (tile.matches(ifNoneMatch)) {
            response = HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, tile.etag());
        } else {
            response = HttpResponse.ok(tile.bytes()).contentType(MVT_MEDIA_TYPE).header(HttpHeaders.ETAG, tile.etag());
        }
        return response
                .header(HttpHeaders.CACHE_CONTROL, definition.publicRead() ? publicCacheControl : privateCacheControl)
                .header(CACHE_STATUS_HEADER, result.cacheStatus().headerValue());
    }

    @Get(uri = "/{layer}.json", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public TileJson tileJson(HttpRequest<?> request, @PathVariable String layer, @Nullable Authentication authentication) {
        LayerDefinition definition = layer(layer);
        LayerScope scope = scope(definition, authentication);
        String template = tileUrlTemplate(hostResolver.resolve(request), definition.id());
        Map<String, String> fields = new LinkedHashMap<>();
        definition.attributes().forEach(a -> fields.put(a.name(), a.type().tileJsonName()));
        String name = definition.title().zh() + " / " + definition.title().en();
        String description = "Yiwang layer " + definition.id() + " (" + definition.title().en() + "), Mapbox Vector Tiles 2.1";
        List<Double> bounds = WORLD_BOUNDS;
        List<Number> center = List.of(0.0, 0.0, definition.minZoom());
        Envelope extent = tiles.extent(definition, scope).orElse(null);
        if (extent != null) {
            bounds = List.of(extent.getMinX(), extent.getMinY(), extent.getMaxX(), extent.getMaxY());
            int zoom = TileMath.fitZoom(extent, CENTER_VIEWPORT_TILES, definition.minZoom(), definition.maxZoom());
            center = List.of(extent.centre().x, extent.centre().y, zoom);
        }
        return new TileJson(TileJson.VERSION, name, description, "xyz", List.of(template),
                definition.minZoom(), definition.maxZoom(), bounds, center,
                List.of(new TileJson.VectorLayer(definition.id(), name, definition.minZoom(), definition.maxZoom(), fields)));
    }

    /** {@code {base}/tiles/{id}/{z}/{x}/{y}.mvt}, the absolute URL template of a layer's tiles. */
    public static String tileUrlTemplate(String baseUrl, String layerId) {
        return baseUrl + "/tiles/" + layerId + "/{z}/{x}/{y}.mvt";
    }

    /** {@code {base}/tiles/{id}.json}. */
    public static String tileJsonUrl(String baseUrl, String layerId) {
        return baseUrl + "/tiles/" + layerId + ".json";
    }

    private static LayerDefinition layer(String id) {
        return LayerRegistry.find(id).orElseThrow(() -> ApiException.notFound("No tile layer '" + Params.clip(id)
                + "'; GET /api/layers lists them."));
    }

    /** {@code null} for a public layer; the caller's scope of a non-public one (404 when nobody scopes it). */
    private LayerScope scope(LayerDefinition layer, @Nullable Authentication authentication) {
        if (layer.publicRead()) {
            return null;
        }
        if (authentication == null) {
            throw new ApiException(io.micronaut.http.HttpStatus.UNAUTHORIZED, "/problems/unauthorized",
                    "Layer " + layer.id() + " needs a token (POST /login).", List.of());
        }
        return scopes.scope(layer.id(), authentication).orElseThrow(() -> ApiException.notFound("No tile layer '" + layer.id()
                + "' for you; GET /api/layers lists yours."));
    }

    /** A tile coordinate: a decimal integer in [0, max]. */
    private static int index(String name, String raw, int max, String where) {
        if (raw == null || !INTEGER.matcher(raw).matches()) {
            throw ApiException.badParameter(name, "'" + Params.clip(String.valueOf(raw)) + "' is not an integer");
        }
        long v = Long.parseLong(raw);
        if (v < 0 || v > max) {
            throw ApiException.badParameter(name, v + " is out of range [0, " + max + "]" + where);
        }
        return (int) v;
    }
}
