package cn.yiwang.cases;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.routing.RouteResult;
import cn.yiwang.routing.RoutingService;
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
    private final RoutingService routing;

    public CaseRouter(GridService grids, RoutingService routing) {
        this.grids = grids;
        this.routing = routing;
    }

    public GridCatalog catalog() {
        return grids.catalog();
    }

    /**
     * @throws IllegalArgumentException for coordinates the CRS conversion rejects (e.g. GCJ-02 outside China)
     */
    public Route route(double lon, double lat, CoordinateSystem crs, @Nullable Double accuracyMeters) {
        RouteResult r = routing.route(lon, lat, crs, accuracyMeters);
        List<Map<String, Object>> alternatives = new ArrayList<>();
        for (RouteResult.Alternative a : r.alternatives()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", a.code());
            m.put("share", Math.round(a.probability() * 1000) / 1000.0);
            alternatives.add(m);
        }
        return new Route(r.wgs84().lon(), r.wgs84().lat(), r.assigned(), r.micro(), r.chain(),
                r.special().isEmpty() ? null : r.special().get(0).code(), r.snappedMeters(), alternatives,
                r.nearDistrictBoundary() != null);
    }

    /** Whether a WGS84 point lies within {@code meters} of any grid. */
    public boolean withinServiceArea(double lon, double lat, double meters) {
        return grids.catalog().locator().locateMicro(lon, lat, meters).isPresent();
    }
}
