package cn.yiwang.data;

import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;

/**
 * Approximate positions (EPSG:4326 lon/lat) for the level-1 grids of 二七区, so the generated
 * street offices land where they roughly are: the thirteen urban street offices in the old city
 * in the narrow north of the district, 金水源 and 侯寨 in the middle and south, 马寨镇 in the
 * south-west. Hand-placed from general knowledge of the city, not surveyed; the resulting
 * boundaries are generated and marked so. A street office with several anchors gets the union
 * of their Voronoi cells, which lets the large rural ones spread without a weighted diagram.
 */
final class ErqiAnchors {
    static final String ERQI = "410103";

    static final Map<String, List<Coordinate>> BY_LEVEL1_CODE = Map.ofEntries(
            Map.entry("410103003", List.of(c(113.648, 34.762))),   // 铭功路街道
            Map.entry("410103010", List.of(c(113.668, 34.758))),   // 德化街街道
            Map.entry("410103008", List.of(c(113.636, 34.752))),   // 建中街街道
            Map.entry("410103004", List.of(c(113.662, 34.748))),   // 一马路街道
            Map.entry("410103005", List.of(c(113.650, 34.745))),   // 蜜蜂张街道
            Map.entry("410103006", List.of(c(113.638, 34.740))),   // 五里堡街道
            Map.entry("410103009", List.of(c(113.665, 34.738))),   // 福华街街道
            Map.entry("410103001", List.of(c(113.640, 34.728))),   // 淮河路街道
            Map.entry("410103007", List.of(c(113.670, 34.727))),   // 大学路街道
            Map.entry("410103012", List.of(c(113.655, 34.722))),   // 京广路街道
            Map.entry("410103011", List.of(c(113.628, 34.720))),   // 嵩山路街道
            Map.entry("410103014", List.of(c(113.640, 34.710))),   // 人和路街道
            Map.entry("410103013", List.of(c(113.665, 34.712))),   // 长江路街道
            Map.entry("410103016", List.of(                          // 金水源街道
                    c(113.655, 34.682), c(113.638, 34.692), c(113.672, 34.692), c(113.660, 34.655))),
            Map.entry("410103015", List.of(                          // 侯寨街道
                    c(113.600, 34.655), c(113.580, 34.625), c(113.625, 34.630),
                    c(113.605, 34.688), c(113.585, 34.680))),
            Map.entry("410103100", List.of(                          // 马寨镇
                    c(113.540, 34.670), c(113.525, 34.692), c(113.552, 34.645), c(113.530, 34.640))));

    private ErqiAnchors() {
    }

    private static Coordinate c(double lon, double lat) {
        return new Coordinate(lon, lat);
    }
}
