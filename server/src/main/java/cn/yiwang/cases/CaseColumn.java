package cn.yiwang.cases;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The fields of a case that events carry, each with its {@code case_record} column and value kind.
 * A case's row is exactly the fold of its events over these columns ({@link CaseProjector}).
 */
public enum CaseColumn {
    CODE(Kind.TEXT), SOURCE(Kind.TEXT), CATEGORY_CODE(Kind.TEXT), TITLE(Kind.TEXT), DESCRIPTION(Kind.TEXT),
    URGENCY(Kind.TEXT), STATUS(Kind.TEXT), LON(Kind.DOUBLE), LAT(Kind.DOUBLE), INPUT_CRS(Kind.TEXT),
    ACCURACY_M(Kind.DOUBLE), FLOOR(Kind.INT), ADDRESS(Kind.TEXT),
    GRID_CODE(Kind.TEXT), L3_CODE(Kind.TEXT), L2_CODE(Kind.TEXT), L1_CODE(Kind.TEXT), DISTRICT_CODE(Kind.TEXT),
    SPECIAL_CODE(Kind.TEXT), SNAPPED_M(Kind.DOUBLE), ROUTE_ALTERNATIVES(Kind.JSON), NEIGHBOUR_CODES(Kind.TEXT_ARRAY),
    ASSIGNEE_ID(Kind.LONG), DEPARTMENT_CODE(Kind.TEXT), HANDLER_KIND(Kind.TEXT),
    REPORTER_NAME(Kind.TEXT), REPORTER_PHONE(Kind.TEXT), PHOTOS(Kind.TEXT_ARRAY),
    DISPATCHED_AT(Kind.INSTANT), DEADLINE_AT(Kind.INSTANT), PAUSED_SINCE(Kind.INSTANT), HANDLED_AT(Kind.INSTANT),
    CLOSED_AT(Kind.INSTANT), EVALUATED_AT(Kind.INSTANT), SATISFACTION(Kind.INT), OVERDUE(Kind.BOOL),
    SUPERVISION_LEVEL(Kind.INT), REWORK_COUNT(Kind.INT), RETURN_COUNT(Kind.INT), REOPEN_COUNT(Kind.INT),
    DEFERRED_COUNT(Kind.INT), SANKUA(Kind.BOOL), SANKUA_REASONS(Kind.TEXT_ARRAY), DUPLICATE_OF(Kind.LONG),
    MERGED_INTO(Kind.LONG), CLOSURE_REVIEW(Kind.BOOL), PARENT_ID(Kind.LONG), CREATED_BY(Kind.TEXT),
    COMPONENT_ID(Kind.LONG);

    /** How a value is held in memory and in event JSON. */
    public enum Kind {
        TEXT(String.class), INT(Integer.class), LONG(Long.class), DOUBLE(Double.class), BOOL(Boolean.class),
        /** ISO-8601 in JSON, {@link Instant} in memory. */
        INSTANT(Instant.class),
        /** A JSON array of strings, {@code List<String>} in memory. */
        TEXT_ARRAY(List.class),
        /** JSON text kept verbatim. */
        JSON(String.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        public Class<?> type() {
            return type;
        }
    }

    private final Kind kind;

    CaseColumn(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The name in {@code case_record} (lon/lat live in {@code geom}) and in event JSON. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CaseColumn fromColumn(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }

    /** Converts a JSON-decoded value (String, Number, Boolean, List) to this column's in-memory type. */
    public Object fromJson(Object v) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case TEXT, JSON -> v.toString();
            case INT -> ((Number) v).intValue();
            case LONG -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case BOOL -> (Boolean) v;
            case INSTANT -> v instanceof Instant i ? i : Instant.parse(v.toString());
            case TEXT_ARRAY -> ((List<?>) v).stream().map(Object::toString).toList();
        };
    }

    /** The JSON form of an in-memory value. */
    public Object toJson(Object v) {
        if (v == null) {
            return null;
        }
        return kind == Kind.INSTANT ? v.toString() : v;
    }
}
