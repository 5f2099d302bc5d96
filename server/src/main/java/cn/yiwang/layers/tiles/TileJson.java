package cn.yiwang.layers.tiles;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for one
 * vector tile layer. {@code tiles} are absolute URLs, as the specification requires.
 *
 * @param bounds west, south, east, north in degrees (EPSG:4326)
 * @param center longitude, latitude, zoom
 */
@Serdeable
public record TileJson(String tilejson, String name, String description, String scheme, List<String> tiles,
                       int minzoom, int maxzoom, List<Double> bounds, List<Number> center,
                       @JsonProperty("vector_layers") List<VectorLayer> vectorLayers) {

    public static final String VERSION = "3.0.0";

    /** One layer inside the tiles; {@code fields} maps each attribute to its type ({@code String}, {@code Number}). */
    @Serdeable
    public record VectorLayer(String id, String description, int minzoom, int maxzoom, Map<String, String> fields) {
    }
}
