package cn.yiwang.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** A tiny made-up district for the simulator's pure tests: six micro grids, some concave or holed, with buildings. */
final class SimFixtures {

    static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), ServerCatalog.WGS84_SRID);

    /** Micro grid code → WKT. Codes: district 410103, street 001/002, community 001, level-3 001/002, micro 001–003. */
    static final Map<String, String> MICRO = Map.of(
            "410103001001001001", "POLYGON ((113.600 34.700, 113.602 34.700, 113.602 34.702, 113.600 34.702, 113.600 34.700))",
            // L-shaped (concave): the envelope's north-east quarter is outside.
            "410103001001001002", "POLYGON ((113.602 34.700, 113.606 34.700, 113.606 34.702, 113.604 34.702, 113.604 34.704, 113.602 34.704, 113.602 34.700))",
            // With a hole (a lake that belongs to no micro grid).
            "410103001001001003", "POLYGON ((113.600 34.702, 113.602 34.702, 113.602 34.706, 113.600 34.706, 113.600 34.702), "
                    + "(113.6005 34.7035, 113.6015 34.7035, 113.6015 34.7045, 113.6005 34.7045, 113.6005 34.7035))",
            "410103001001002001", "POLYGON ((113.606 34.700, 113.610 34.700, 113.610 34.704, 113.606 34.704, 113.606 34.700))",
            // A thin triangle.
            "410103002001001001", "POLYGON ((113.610 34.700, 113.620 34.700, 113.610 34.701, 113.610 34.700))",
            "410103002001001002", "MULTIPOLYGON (((113.620 34.700, 113.622 34.700, 113.622 34.702, 113.620 34.702, 113.620 34.700)), "
                    + "((113.623 34.700, 113.624 34.700, 113.624 34.701, 113.623 34.701, 113.623 34.700)))");

    private SimFixtures() {
    }

    static Geometry wkt(String wkt) {
        try {
            return new WKTReader(GF).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    static List<LocationSampler.MicroGrid> microGrids() {
        List<LocationSampler.MicroGrid> out = new ArrayList<>();
        MICRO.forEach((code, w) -> out.add(new LocationSampler.MicroGrid(code, "第" + code.substring(15) + "号微网格", code.substring(0, 15), wkt(w))));
        return out;
    }

    static List<LocationSampler.Building> buildings() {
        return List.of(
                new LocationSampler.Building("410103001001001001-B01", "锦华苑1号楼（示例）", "锦华苑（示例）", 40, "410103001001001001",
                        wkt("POLYGON ((113.6005 34.7005, 113.6010 34.7005, 113.6010 34.7008, 113.6005 34.7008, 113.6005 34.7005))")),
                new LocationSampler.Building("410103001001001001-B02", "锦华苑2号楼（示例）", "锦华苑（示例）", 20, "410103001001001001",
                        wkt("POLYGON ((113.6012 34.7012, 113.6017 34.7012, 113.6017 34.7015, 113.6012 34.7015, 113.6012 34.7012))")),
                new LocationSampler.Building("410103001001002001-B01", "商业楼（示例）", null, 0, "410103001001002001",
                        wkt("POLYGON ((113.607 34.701, 113.608 34.701, 113.608 34.702, 113.607 34.702, 113.607 34.701))")),
                new LocationSampler.Building("410103002001001002-B01", "康福家园1号楼（示例）", "康福家园（示例）", 60, "410103002001001002",
                        wkt("POLYGON ((113.6203 34.7003, 113.6208 34.7003, 113.6208 34.7006, 113.6203 34.7006, 113.6203 34.7003))")));
    }

    static LocationSampler sampler() {
        return new LocationSampler(microGrids(), buildings(),
                Map.of("410103001", "淮河路街道", "410103002", "解放路街道", "410103001001", "淮河社区", "410103002001", "民主路社区"), "二七区");
    }
}
