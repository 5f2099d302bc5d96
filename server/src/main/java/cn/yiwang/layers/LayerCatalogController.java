package cn.yiwang.layers;

import java.util.ArrayList;
import java.util.List;

import cn.yiwang.geoserver.GeoServerLayer;
import cn.yiwang.geoserver.GeoServerPublisher;
import cn.yiwang.layers.LayerDefinition.Extrusion;
import cn.yiwang.layers.LayerDefinition.Style;
import cn.yiwang.layers.LayerDefinition.Title;
import cn.yiwang.layers.ogc.OgcCollections;
import cn.yiwang.layers.tiles.TileController;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/layers}: the layer catalog the console builds its map from — for every layer its
 * titles, geometry type, zoom range, attributes, 2D sources (vector tiles through TileJSON; OGC API
 * – Features when {@code /ogc/collections/{id}} serves it; GeoServer WMS when
 * {@code yiwang.geoserver.url} or the {@code GEOSERVER_URL} environment variable names a GeoServer
 * that {@code ./yiwang geoserver-publish} has published to), its 3D source (extrusion) and default
 * style. URLs are absolute, built from the request's host (honouring {@code Forwarded} headers as
 * {@code micronaut.server.host-resolution} allows). Anonymous callers, admitted when public grid
 * read is on, see only the public layers.
 */
@Controller("/api/layers")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class LayerCatalogController {

    /** The catalog. */
    @Serdeable
    public record Catalog(List<Entry> layers) {
    }

    /**
     * One layer.
     *
     * @param live     whether features change all the time (cases); tiles of a live layer are worth
     *                 re-fetching when the caller hears of a change
     * @param source3d how the 3D view draws the layer, {@code null} when it does not
     */
    @Serdeable
    public record Entry(String id, Title title, String geometryType, int minZoom, int maxZoom, List<Field> attributes,
                        Sources sources2d, @Nullable Extrusion source3d, Style style, boolean publicRead, boolean live) {
    }

    /** A feature attribute; {@code type} as TileJSON names it. */
    @Serdeable
    public record Field(String name, String type, String description) {
    }

    /** The 2D sources of a layer; absent ones are {@code null}. */
    @Serdeable
    public record Sources(Mvt mvt, @Nullable String ogc, @Nullable Wms wms) {
    }

    /** Vector tiles: the TileJSON document and the tile URL template. */
    @Serdeable
    public record Mvt(String tilejson, String tiles) {
    }

    /** A GeoServer WMS endpoint and the layer name to request from it. */
    @Serdeable
    public record Wms(String url, String layers) {
    }

    private final HttpHostResolver hostResolver;
    private final String geoServerUrl;

    public LayerCatalogController(HttpHostResolver hostResolver,
                                  @Nullable @Property(name = "yiwang.geoserver.url") String configuredGeoServerUrl,
                                  @Nullable @Property(name = "geoserver.url") String environmentGeoServerUrl) {
        this.hostResolver = hostResolver;
        String url = configuredGeoServerUrl != null && !configuredGeoServerUrl.isBlank() ? configuredGeoServerUrl : environmentGeoServerUrl;
        this.geoServerUrl = url == null || url.isBlank() ? null : url.trim().replaceAll("/+$", "");
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Catalog layers(HttpRequest<?> request, @Nullable Authentication authentication) {
        String base = hostResolver.resolve(request);
        List<Entry> entries = new ArrayList<>();
        for (LayerDefinition layer : LayerRegistry.ALL) {
            if (authentication == null && !layer.publicRead()) {
                continue;
            }
            entries.add(entry(base, layer));
        }
        return new Catalog(entries);
    }

    private Entry entry(String base, LayerDefinition layer) {
        List<Field> fields = layer.attributes().stream()
                .map(a -> new Field(a.name(), a.type().tileJsonName(), a.description())).toList();
        Mvt mvt = new Mvt(TileController.tileJsonUrl(base, layer.id()), TileController.tileUrlTemplate(base, layer.id()));
        String ogc = OgcCollections.find(layer.id()).isPresent() ? base + "/ogc/collections/" + layer.id() : null;
        return new Entry(layer.id(), layer.title(), layer.geometryType().key(), layer.minZoom(), layer.maxZoom(), fields,
                new Sources(mvt, ogc, wms(layer)), layer.extrusion(), layer.style(), layer.publicRead(),
                LayerRegistry.isLive(layer.id()));
    }

    /** GeoServer names its layers with '_' ({@code yiwang:grids_l1}); only published layers are offered. */
    private Wms wms(LayerDefinition layer) {
        if (geoServerUrl == null) {
            return null;
        }
        String name = layer.id().replace('-', '_');
        boolean published = GeoServerLayer.ALL.stream().anyMatch(l -> l.name().equals(name));
        return published ? new Wms(geoServerUrl + "/" + GeoServerPublisher.WORKSPACE + "/wms", GeoServerPublisher.WORKSPACE + ":" + name) : null;
    }
}
