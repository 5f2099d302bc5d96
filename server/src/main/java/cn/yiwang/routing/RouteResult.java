package cn.yiwang.routing;

import java.util.List;

import cn.yiwang.grid.GridSummary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Where one point goes. {@link RouteJsonWriter} writes it field by field for the batch endpoint;
 * a field added here must be added there too: {@code RouteApiTest} compares the writer's JSON with
 * Micronaut's serialisation of this record.
 *
 * @param id                   the client's id, echoed
 * @param category             the client's category, echoed
 * @param input                the point as sent
 * @param wgs84                the point in WGS84 (EPSG:4326), as routed and stored
 * @param assigned             whether a micro grid took the point (inside, or snapped within
 *                             {@code yiwang.grids.snap-meters})
 * @param queue                {@code "unassigned"} (the ops centre's queue) when not assigned, else null
 * @param micro                the micro grid's code
 * @param primary              the responsible unit: the first special grid covering the point
 *                             (special grids come first), else the micro grid
 * @param snappedMeters        0 inside the micro grid, the distance when snapped, null when unassigned
 * @param probability          with an accuracy circle: the share of it inside the routed micro grid
 * @param chain                micro → level 3 → level 2 → level 1 → district
 * @param special              every special grid covering the point, by code
 * @param alternatives         other micro grids the accuracy circle reaches, most likely first
 * @param nearDistrictBoundary metres to the nearest district boundary when within
 *                             {@code yiwang.routing.district-boundary-meters} (三跨), else null
 * @param nearDistricts        the other districts whose boundary is that near
 * @param handlerKind          with a category: {@code grid_worker} when the grid's worker handles it (自处置 allowed, or no
 *                             department listed), else {@code department}; null without a category
 * @param assignee             the on-duty grid worker of the chain (the nearest grid up the chain that has one), or null
 * @param department           with a category: the department the responsibility list names at street level, or null
 */
@Serdeable
public record RouteResult(
        @Nullable String id,
        @Nullable String category,
        Input input,
        Wgs84 wgs84,
        boolean assigned,
        @Nullable String queue,
        @Nullable String micro,
        @Nullable GridSummary primary,
        @Nullable Double snappedMeters,
        @Nullable Double probability,
        List<GridSummary> chain,
        List<GridSummary> special,
        List<Alternative> alternatives,
        @Nullable Double nearDistrictBoundary,
        List<String> nearDistricts,
        @Nullable String handlerKind,
        @Nullable Assignee assignee,
        @Nullable Department department) {

    public static final String UNASSIGNED_QUEUE = "unassigned";

    /** The point as sent: coordinates in {@code crs}, accuracy radius in metres. */
    @Serdeable
    public record Input(double lon, double lat, String crs, @Nullable Double accuracy) {
    }

    /** The point in WGS84 degrees. */
    @Serdeable
    public record Wgs84(double lon, double lat) {
    }

    /** The grid worker on duty: user id, login name and display name. */
    @Serdeable
    public record Assignee(long id, String username, @Nullable String name) {
    }

    /** A department of the responsibility list: code and Chinese name. */
    @Serdeable
    public record Department(String code, @Nullable String name) {
    }

    /** What a {@link ResponsibilityLookup} answers for one point. */
    public record Responsible(@Nullable String handlerKind, @Nullable Assignee assignee, @Nullable Department department) {
        public static final Responsible NONE = new Responsible(null, null, null);
    }

    /** A neighbouring micro grid the accuracy circle reaches, with the share of the circle inside it. */
    @Serdeable
    public record Alternative(String code, double probability) {
    }
}
