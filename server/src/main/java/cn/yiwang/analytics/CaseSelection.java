package cn.yiwang.analytics;

import java.time.Instant;
import java.util.List;

import org.locationtech.jts.geom.Geometry;

import io.micronaut.core.annotation.Nullable;

/**
 * Which cases an analytics request is about: an area, a time range and attribute filters. Empty
 * lists and nulls mean "any". Geometries are EPSG:4326 (lon/lat). The caller's scope is applied
 * on top of this by {@link CaseSelectionSql}.
 */
public record CaseSelection(Area area, Boundaries boundaries, @Nullable TimeRange time, List<String> categories,
                            List<String> statuses, List<String> channels, List<String> urgencies, @Nullable Boolean overdue,
                            @Nullable Boolean sankua) {

    /** How grid areas are matched: by the grid codes a case was routed to, or by today's grid geometry. */
    public enum Boundaries {
        ROUTED, CURRENT
    }

    /** The area of a selection. */
    public sealed interface Area permits Polygonal, Grids, Buffer, District, WholeScope {
    }

    /** A drawn Polygon or MultiPolygon, valid, clipped to the data's extent ({@code clipped} says whether it was). */
    public record Polygonal(Geometry geometry, boolean clipped) implements Area {
    }

    /** Grids of any level, by code. */
    public record Grids(List<String> codes) implements Area {
    }

    /** Everything within {@code meters} of a point or a line (geodesic distance). */
    public record Buffer(Geometry geometry, double meters) implements Area {
    }

    /** A whole district by its 6-digit code. */
    public record District(String code) implements Area {
    }

    /** No area given: the caller's whole scope. */
    public record WholeScope() implements Area {
    }

    /** {@code [from, to)} on the reported ({@code created_at}) or closed ({@code closed_at}) time; either end may be open. */
    public record TimeRange(String field, @Nullable Instant from, @Nullable Instant to) {

        public String column() {
            return "closed".equals(field) ? "c.closed_at" : "c.created_at";
        }
    }
}
