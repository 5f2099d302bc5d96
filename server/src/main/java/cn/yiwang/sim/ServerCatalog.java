package cn.yiwang.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * What the simulator needs to know about the server it drives, read through the public API: the
 * active categories ({@code GET /api/categories}) with their deadlines and departments, the micro
 * grids and buildings (OGC API – Features) and the names of the level-1 and level-2 grids.
 *
 * @param categories  active sub-category code → what the workflow needs
 * @param sampler     where cases happen
 */
public record ServerCatalog(Map<String, CategoryInfo> categories, LocationSampler sampler) {

    /** SRID of every geometry the OGC API serves by default (CRS84 axis order). */
    public static final int WGS84_SRID = 4326;

    /**
     * @param code               sub-category code
     * @param deadline           its handling deadline as a simulated duration (a working day counts 8 h)
     * @param streetDepartment   handler when a street platform dispatches
     * @param districtDepartment handler when the district platform dispatches
     */
    public record CategoryInfo(String code, Duration deadline, String streetDepartment, String districtDepartment, boolean selfHandle) {
    }

    /** Loads everything as {@code username}. */
    @SuppressWarnings("unchecked")
    public static ServerCatalog load(SimClient client, String username) {
        SimClient.Response r = client.get("/api/categories", username);
        if (r.status() != 200) {
            throw new IllegalStateException("GET /api/categories: " + r.status() + " " + SimClient.clip(r.body()));
        }
        Map<String, CategoryInfo> categories = new LinkedHashMap<>();
        for (Object top : (List<Object>) r.map().getOrDefault("topCategories", List.of())) {
            for (Object o : (List<Object>) ((Map<String, Object>) top).getOrDefault("subCategories", List.of())) {
                Map<String, Object> sub = (Map<String, Object>) o;
                if (Boolean.FALSE.equals(sub.get("active"))) {
                    continue;
                }
                Map<String, Object> deadline = (Map<String, Object>) sub.getOrDefault("deadline", Map.of());
                Map<String, Object> depts = (Map<String, Object>) sub.getOrDefault("departments", Map.of());
                categories.put((String) sub.get("code"), new CategoryInfo((String) sub.get("code"), simulatedDeadline(deadline),
                        (String) depts.get("street"), (String) depts.get("district"), Boolean.TRUE.equals(sub.get("selfHandle"))));
            }
        }
        GeometryFactory gf = new GeometryFactory(new PrecisionModel(), WGS84_SRID);
        Map<String, String> names = new HashMap<>();
        for (String level : List.of("grids-l1", "grids-l2")) {
            for (Map<String, Object> f : client.features(level, username)) {
                Map<String, Object> p = (Map<String, Object>) f.get("properties");
                names.put((String) p.get("code"), (String) p.get("name"));
            }
        }
        List<LocationSampler.MicroGrid> micro = new ArrayList<>();
        for (Map<String, Object> f : client.features("grids-micro", username)) {
            Map<String, Object> p = (Map<String, Object>) f.get("properties");
            micro.add(new LocationSampler.MicroGrid((String) p.get("code"), (String) p.get("name"), (String) p.get("parentCode"),
                    geometry(gf, (Map<String, Object>) f.get("geometry"))));
        }
        if (micro.isEmpty()) {
            throw new IllegalStateException("the server at " + client.base() + " has no micro grids to place cases in");
        }
        List<LocationSampler.Building> buildings = new ArrayList<>();
        for (Map<String, Object> f : client.features("buildings", username)) {
            Map<String, Object> p = (Map<String, Object>) f.get("properties");
            Object hh = p.get("households");
            buildings.add(new LocationSampler.Building(String.valueOf(f.get("id")), (String) p.get("name"), (String) p.get("compound"),
                    hh instanceof Number n ? n.intValue() : 0, (String) p.get("microCode"), geometry(gf, (Map<String, Object>) f.get("geometry"))));
        }
        String districtCode = micro.get(0).code().substring(0, Math.min(6, micro.get(0).code().length()));
        SimClient.Response d = client.get("/api/grids/" + districtCode, username);
        String districtName = d.status() == 200 && d.map().get("properties") instanceof Map<?, ?> p && p.get("name") instanceof String s ? s : "";
        return new ServerCatalog(Map.copyOf(categories), new LocationSampler(micro, buildings, names, districtName));
    }

    /** A category deadline as simulated time: working and calendar hours as hours, a working day as 8 hours. */
    static Duration simulatedDeadline(Map<String, Object> deadline) {
        double amount = deadline.get("amount") instanceof Number n ? n.doubleValue() : 1;
        String unit = String.valueOf(deadline.get("unit"));
        double hours = "working_days".equals(unit) ? amount * 8 : amount;
        return Duration.ofMinutes(Math.round(hours * 60));
    }

    /** A GeoJSON Polygon or MultiPolygon (lon/lat) as a JTS geometry. */
    @SuppressWarnings("unchecked")
    static Geometry geometry(GeometryFactory gf, Map<String, Object> g) {
        String type = String.valueOf(g.get("type"));
        List<Object> coords = (List<Object>) g.get("coordinates");
        return switch (type) {
            case "Polygon" -> polygon(gf, coords);
            case "MultiPolygon" -> gf.createMultiPolygon(coords.stream().map(p -> polygon(gf, (List<Object>) p)).toArray(Polygon[]::new));
            default -> throw new IllegalArgumentException("expected a Polygon or MultiPolygon, not " + type);
        };
    }

    @SuppressWarnings("unchecked")
    private static Polygon polygon(GeometryFactory gf, List<Object> rings) {
        LinearRing shell = ring(gf, (List<Object>) rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(gf, (List<Object>) rings.get(i));
        }
        return gf.createPolygon(shell, holes);
    }

    @SuppressWarnings("unchecked")
    private static LinearRing ring(GeometryFactory gf, List<Object> points) {
        Coordinate[] cs = new Coordinate[points.size()];
        for (int i = 0; i < cs.length; i++) {
            List<Object> p = (List<Object>) points.get(i);
            cs[i] = new Coordinate(((Number) p.get(0)).doubleValue(), ((Number) p.get(1)).doubleValue());
        }
        return gf.createLinearRing(cs);
    }
}
