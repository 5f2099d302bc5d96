package cn.yiwang.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.cases.CaseRequest;
import cn.yiwang.cases.CaseStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/**
 * Reads the JSON body of an analytics request (already parsed to maps and lists) into a
 * {@link CaseSelection} plus the endpoint's own fields. Every problem found is collected with its
 * JSON pointer and thrown at once as one 400 ({@code /problems/invalid-body}); unknown fields are
 * refused so a typo never silently widens a query. Not thread-safe: one reader per request.
 */
final class CaseSelectionReader {

    static final Set<String> SELECTION_FIELDS = Set.of("area", "boundaries", "time", "categories", "statuses", "channels",
            "urgencies", "overdue", "sankua");

    private final Map<String, Object> body;
    private final AnalyticsConfiguration limits;
    private final Function<Object, String> toJson;
    private final List<Problem.InvalidParam> errors = new ArrayList<>();

    /** {@code toJson} writes a parsed JSON value back as text (geometries are handed to JTS's GeoJSON reader). */
    CaseSelectionReader(Map<String, Object> body, AnalyticsConfiguration limits, Set<String> endpointFields,
                        Function<Object, String> toJson) {
        this.body = body;
        this.limits = limits;
        this.toJson = toJson;
        Set<String> allowed = new TreeSet<>(SELECTION_FIELDS);
        allowed.addAll(endpointFields);
        for (String k : body.keySet()) {
            if (!allowed.contains(k)) {
                error("/" + k, "unknown field '" + k + "'; the fields are " + allowed);
            }
        }
    }

    /**
     * The selection. {@code knownCategory} tells top and sub-category codes; {@code dataExtent}
     * (lon/lat) is where a drawn polygon is clipped to.
     */
    CaseSelection selection(Predicate<String> knownCategory, Envelope dataExtent) {
        CaseSelection.Area area = area(dataExtent);
        CaseSelection.Boundaries boundaries = CaseSelection.Boundaries.ROUTED;
        Object b = body.get("boundaries");
        if (b != null) {
            if ("routed".equals(b)) {
                boundaries = CaseSelection.Boundaries.ROUTED;
            } else if ("current".equals(b)) {
                boundaries = CaseSelection.Boundaries.CURRENT;
            } else {
                error("/boundaries", "must be \"routed\" (the grids cases were routed to) or \"current\" (today's grid geometry), not " + b);
            }
        }
        CaseSelection.TimeRange time = time();
        List<String> categories = strings("categories", s -> {
            if (!knownCategory.test(s)) {
                throw new IllegalArgumentException("unknown category '" + s + "' (a top category such as SRHJ or a sub-category such as SRHJ-01)");
            }
            return s;
        });
        List<String> statuses = strings("statuses", s -> CaseStatus.fromKey(s).key());
        List<String> channels = strings("channels", s -> {
            if (!CaseRequest.SOURCES.contains(s)) {
                throw new IllegalArgumentException("unknown channel '" + s + "'; one of " + new TreeSet<>(CaseRequest.SOURCES));
            }
            return s;
        });
        List<String> urgencies = strings("urgencies", s -> {
            if (!CaseRequest.URGENCIES.contains(s)) {
                throw new IllegalArgumentException("unknown urgency '" + s + "'; one of " + new TreeSet<>(CaseRequest.URGENCIES));
            }
            return s;
        });
        return new CaseSelection(area, boundaries, time, categories, statuses, channels, urgencies, bool("overdue"), bool("sankua"));
    }

    /** Throws the collected problems as one 400, if any. */
    void finish() {
        if (!errors.isEmpty()) {
            Problem.InvalidParam first = errors.get(0);
            String detail = "Invalid request body: " + first.pointer() + ": " + first.detail()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problem(s), see errors)" : "");
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", detail, errors);
        }
    }

    private CaseSelection.Area area(Envelope dataExtent) {
        Object raw = body.get("area");
        if (raw == null) {
            return new CaseSelection.WholeScope();
        }
        if (!(raw instanceof Map<?, ?> a)) {
            error("/area", "must be an object with a \"type\": polygon, grids, buffer or district");
            return new CaseSelection.WholeScope();
        }
        Object type = a.get("type");
        AreaPolygonValidator validator = new AreaPolygonValidator(limits.maxPolygonVertices());
        try {
            if ("polygon".equals(type)) {
                allowOnly(a, "/area", "type", "geometry");
                Geometry g = validator.polygonal(geoJson(a.get("geometry"), "/area/geometry"));
                Geometry clipped = AreaPolygonValidator.clip(g, dataExtent);
                return new CaseSelection.Polygonal(clipped, clipped != g);
            } else if ("grids".equals(type)) {
                allowOnly(a, "/area", "type", "codes");
                Object codes = a.get("codes");
                if (!(codes instanceof List<?> list) || list.isEmpty()) {
                    error("/area/codes", "must be a non-empty array of grid codes (at most " + limits.maxGridCodes() + ")");
                    return new CaseSelection.WholeScope();
                }
                if (list.size() > limits.maxGridCodes()) {
                    error("/area/codes", list.size() + " grid codes: at most " + limits.maxGridCodes() + " in one query");
                    return new CaseSelection.WholeScope();
                }
                LinkedHashSet<String> out = new LinkedHashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    Object o = list.get(i);
                    if (!(o instanceof String s) || !s.matches("[0-9]{6}[0-9A-Za-z]{0,24}")) {
                        error("/area/codes/" + i, "'" + o + "' is not a grid code");
                    } else {
                        out.add(s);
                    }
                }
                return new CaseSelection.Grids(List.copyOf(out));
            } else if ("buffer".equals(type)) {
                allowOnly(a, "/area", "type", "geometry", "meters");
                Geometry axis = validator.pointOrLine(geoJson(a.get("geometry"), "/area/geometry"));
                Object m = a.get("meters");
                if (!(m instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() <= 0 || n.doubleValue() > 50_000) {
                    error("/area/meters", "must be a number of metres above 0 and at most 50000, not " + m);
                    return new CaseSelection.WholeScope();
                }
                return new CaseSelection.Buffer(axis, n.doubleValue());
            } else if ("district".equals(type)) {
                allowOnly(a, "/area", "type", "code");
                Object code = a.get("code");
                if (!(code instanceof String s) || !s.matches("[0-9]{6}")) {
                    error("/area/code", "must be a 6-digit district code, not " + code);
                    return new CaseSelection.WholeScope();
                }
                return new CaseSelection.District(s);
            }
            error("/area/type", "must be polygon, grids, buffer or district, not " + type);
        } catch (AreaPolygonValidator.InvalidGeometryException e) {
            error("/area/geometry", e.getMessage());
        } catch (IllegalArgumentException e) {
            error("/area/geometry", e.getMessage());
        }
        return new CaseSelection.WholeScope();
    }

    private CaseSelection.TimeRange time() {
        Object raw = body.get("time");
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> t)) {
            error("/time", "must be an object {\"field\": \"reported\" | \"closed\", \"from\", \"to\"}");
            return null;
        }
        allowOnly(t, "/time", "field", "from", "to");
        Object field = t.get("field") == null ? "reported" : t.get("field");
        if (!"reported".equals(field) && !"closed".equals(field)) {
            error("/time/field", "must be \"reported\" or \"closed\", not " + field);
            return null;
        }
        Instant from = instant(t.get("from"), "/time/from");
        Instant to = instant(t.get("to"), "/time/to");
        if (from != null && to != null && !from.isBefore(to)) {
            error("/time", "the time range is reversed or empty: from " + from + " is not before to " + to);
            return null;
        }
        return new CaseSelection.TimeRange((String) field, from, to);
    }

    @Nullable Instant instant(@Nullable Object raw, String pointer) {
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(raw)).toInstant();
        } catch (DateTimeParseException e) {
            error(pointer, "'" + raw + "' is not an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00+08:00");
            return null;
        }
    }

    /** An integer field within [min, max]; {@code dflt} when absent. */
    int integer(String field, int dflt, int min, int max) {
        Object raw = body.get(field);
        if (raw == null) {
            return dflt;
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            error("/" + field, "must be an integer from " + min + " to " + max + ", not " + raw);
            return dflt;
        }
        return n.intValue();
    }

    /** A number field within [min, max]; {@code dflt} when absent. */
    double number(String field, double dflt, double min, double max) {
        Object raw = body.get(field);
        if (raw == null) {
            return dflt;
        }
        if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            error("/" + field, "must be a number from " + min + " to " + max + ", not " + raw);
            return dflt;
        }
        return n.doubleValue();
    }

    @Nullable Object raw(String field) {
        return body.get(field);
    }

    void error(String pointer, String detail) {
        errors.add(new Problem.InvalidParam(null, pointer, detail));
    }

    private List<String> strings(String field, Function<String, String> check) {
        Object raw = body.get(field);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            error("/" + field, "must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            try {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("must be a string, not " + o);
                }
                out.add(check.apply(s));
            } catch (IllegalArgumentException e) {
                error("/" + field + "/" + i, e.getMessage());
            }
        }
        return out;
    }

    private @Nullable Boolean bool(String field) {
        Object raw = body.get(field);
        if (raw == null || raw instanceof Boolean) {
            return (Boolean) raw;
        }
        error("/" + field, "must be true or false, not " + raw);
        return null;
    }

    private void allowOnly(Map<?, ?> m, String pointer, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                error(pointer + "/" + k, "unknown field '" + k + "' here; allowed: " + new TreeSet<>(allowed));
            }
        }
    }

    private String geoJson(@Nullable Object geometry, String pointer) {
        if (!(geometry instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a GeoJSON geometry object is expected at " + pointer);
        }
        return toJson.apply(m);
    }
}
