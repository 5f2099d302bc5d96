package cn.yiwang.cases;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridLocator;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.grid.GridsConfiguration;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Routes a case's location to its grid chain with the in-memory grid index. */
@Singleton
public class CaseRouter {

    /** An alternative grid is "likely" when it holds at least this share of the accuracy circle. */
    public static final double LIKELY_ALTERNATIVE_SHARE = 0.2;

    /**
     * Where a case goes: WGS84 point, micro grid and its chain (micro first), the special grid that
     * covers it, how far it was snapped, other grids its accuracy circle reaches (code, share) and
     * whether it lies near a district boundary.
     */
    public record Route(@Nullable Double lon, @Nullable Double lat, boolean assigned, @Nullable String microCode,
                        List<GridSummary> chain, @Nullable String specialCode, @Nullable Double snappedMeters,
                        List<Map<String, Object>> alternatives, boolean nearDistrictBoundary) {

        static final Route NONE = new Route(null, null, false, null, List.of(), null, null, List.of(), false);

        List<String> chainCodes() {
            List<String> codes = new ArrayList<>();
            chain.forEach(g -> codes.add(g.code()));
            return codes;
        }

        @Nullable String districtCode() {
            return chain.isEmpty() ? null : chain.get(chain.size() - 1).code();
        }

        @Nullable String codeAt(String level) {
            return chain.stream().filter(g -> level.equals(g.level())).map(GridSummary::code).findFirst().orElse(null);
        }

        /** Codes of the neighbouring micro grids whose workers are told about the case. */
        List<String> likelyNeighbours() {
            return alternatives.stream().filter(a -> a.get("share") instanceof Number n && n.doubleValue() >= LIKELY_ALTERNATIVE_SHARE)
                    .map(a -> a.get("code").toString()).toList();
        }

        boolean hasLikelyAlternative() {
            return alternatives.stream().anyMatch(a -> a.get("share") instanceof Number n && n.doubleValue() >= LIKELY_ALTERNATIVE_SHARE);
        }

        void putInto(Map<CaseColumn, Object> v, CaseRepository repository) {
            v.put(CaseColumn.GRID_CODE, microCode);
            v.put(CaseColumn.L3_CODE, codeAt("l3"));
            v.put(CaseColumn.L2_CODE, codeAt("l2"));
            v.put(CaseColumn.L1_CODE, codeAt("l1"));
            v.put(CaseColumn.DISTRICT_CODE, districtCode());
            v.put(CaseColumn.SPECIAL_CODE, specialCode);
            v.put(CaseColumn.SNAPPED_M, snappedMeters == null || snappedMeters == 0 ? null : snappedMeters);
            v.put(CaseColumn.ROUTE_ALTERNATIVES, alternatives.isEmpty() ? null : repository.canonicalJson(repository.writeJson(alternatives)));
        }
    }

    private final GridService grids;
    private final GridsConfiguration config;

    public CaseRouter(GridService grids, GridsConfiguration config) {
        this.grids = grids;
        this.config = config;
    }

    public GridCatalog catalog() {
        return grids.catalog();
    }

    /**
     * @throws IllegalArgumentException for coordinates the CRS conversion rejects (e.g. GCJ-02 outside China)
     */
    public Route route(double lon, double lat, CoordinateSystem crs, @Nullable Double accuracyMeters) {
        double[] wgs = ChinaCoordinateTransformer.toWgs84(crs, lon, lat);
        GridCatalog c = grids.catalog();
        Optional<GridLocator.Hit> hit = c.locator().locateMicro(wgs[0], wgs[1], config.snapMeters());
        List<String> special = c.locator().locateSpecial(wgs[0], wgs[1]);
        List<GridSummary> chain = hit.map(h -> c.chain(h.code())).orElse(List.of());
        List<Map<String, Object>> alternatives = hit.isEmpty() || accuracyMeters == null || accuracyMeters <= 0 ? List.of()
                : alternatives(c, wgs[0], wgs[1], accuracyMeters, hit.get().code());
        return new Route(wgs[0], wgs[1], hit.isPresent(), hit.map(GridLocator.Hit::code).orElse(null), chain,
                special.isEmpty() ? null : special.get(0), hit.map(GridLocator.Hit::snappedMeters).orElse(null), alternatives, false);
    }

    /** Whether a WGS84 point lies within {@code meters} of any grid. */
    public boolean withinServiceArea(double lon, double lat, double meters) {
        return grids.catalog().locator().locateMicro(lon, lat, meters).isPresent();
    }

    /** Neighbouring micro grids the accuracy circle reaches, with their estimated share, sampled on a 9×9 lattice. */
    private static List<Map<String, Object>> alternatives(GridCatalog c, double lon, double lat, double radiusMeters, String routed) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int total = 0;
        double dLat = radiusMeters / 111_320.0;
        double dLon = dLat / Math.cos(Math.toRadians(lat));
        int n = 4;
        for (int i = -n; i <= n; i++) {
            for (int j = -n; j <= n; j++) {
                if (i * i + j * j > n * n) {
                    continue;
                }
                total++;
                Optional<GridLocator.Hit> h = c.locator().locateMicro(lon + dLon * i / n, lat + dLat * j / n, 0);
                h.ifPresent(hit -> counts.merge(hit.code(), 1, Integer::sum));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (!e.getKey().equals(routed)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", e.getKey());
                m.put("share", Math.round(1000.0 * e.getValue() / total) / 1000.0);
                out.add(m);
            }
        }
        out.sort((a, b) -> Double.compare((Double) b.get("share"), (Double) a.get("share")));
        return out;
    }
}
