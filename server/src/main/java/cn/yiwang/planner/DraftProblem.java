package cn.yiwang.planner;

import java.util.List;

import org.locationtech.jts.geom.Geometry;

/**
 * One problem of a draft, located: what kind, which grid code(s), where (a point or the offending
 * geometry, EPSG:4326), a measure in {@code unit} (m² for areas, households, vertex counts; 0 when
 * nothing is measured), and a message for the planner (Chinese first).
 *
 * @param blocking true when no role may commit over it (the database would reject the geometry or
 *                 the codes); other problems can be overridden by a role allowed to
 */
public record DraftProblem(Kind kind, List<String> codes, Geometry location, double measure, String unit, String message,
                           boolean blocking) {

    /** Problem kinds, with their JSON key. */
    public enum Kind {
        INVALID_GEOMETRY("invalid-geometry", true),
        SPIKE("spike", false),
        DUPLICATE_POINT("duplicate-point", false),
        OVERLAP("overlap", false),
        GAP("gap", false),
        OUTSIDE_PARENT("outside-parent", false),
        SLIVER("sliver", false),
        HOUSEHOLDS_OVER_STANDARD("households-over-standard", false),
        DUPLICATE_CODE("duplicate-code", true),
        CODE_NOT_UNDER_PARENT("code-not-under-parent", true),
        UNKNOWN_PARENT("unknown-parent", true),
        EMPTY_NAME("empty-name", true);

        private final String key;
        private final boolean blocking;

        Kind(String key, boolean blocking) {
            this.key = key;
            this.blocking = blocking;
        }

        public String key() {
            return key;
        }

        public boolean blocking() {
            return blocking;
        }
    }

    static DraftProblem of(Kind kind, List<String> codes, Geometry location, double measure, String unit, String message) {
        return new DraftProblem(kind, List.copyOf(codes), location, measure, unit, message, kind.blocking());
    }
}
