package cn.yiwang.instruction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import cn.yiwang.api.Problem;
import io.micronaut.core.annotation.Nullable;

/**
 * A parsed and validated {@code POST /api/instructions} body: plain-text {@code title} (≤ 100
 * characters) and {@code body} (≤ 2,000), and a {@code target}: either {@code {"code": …}} (a city
 * of 4 digits, district of 6, street of 9 or community of 12) or {@code {"area": GeoJSON Polygon or
 * MultiPolygon}} in WGS84 (every ring closed, at least 4 positions, lon within ±180 and lat within
 * ±90, valid by JTS, at most {@link #MAX_AREA_VERTICES} positions). Text is cleaned, not escaped:
 * HTML tags and control characters other than line breaks and tabs are removed, line ends become
 * {@code \n}. Every problem is collected with its JSON pointer. No framework, no SQL.
 */
public record InstructionRequest(String title, String body, String targetKind, @Nullable String targetCode,
                                 @Nullable MultiPolygon area) {

    public static final int MAX_TITLE_CHARS = 100;
    public static final int MAX_BODY_CHARS = 2000;
    public static final int MAX_AREA_VERTICES = 10_000;
    public static final int SRID_WGS84 = 4326;

    private static final Pattern TAG = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), SRID_WGS84);

    /** The body was not acceptable; {@link #errors()} names every bad member. */
    public static final class Invalid extends Exception {
        private final transient List<Problem.InvalidParam> errors;

        Invalid(List<Problem.InvalidParam> errors) {
            super("The instruction is not valid: " + String.join("; ", errors.stream().map(e -> e.pointer() + " " + e.detail()).toList()));
            this.errors = List.copyOf(errors);
        }

        public List<Problem.InvalidParam> errors() {
            return errors;
        }
    }

    /** The level a target code names, by its length. */
    public static String kindOfCode(String code) {
        return switch (code.length()) {
            case 4 -> "city";
            case 6 -> "district";
            case 9 -> "street";
            case 12 -> "community";
            default -> throw new IllegalArgumentException("a target code has 4 (city), 6 (district), 9 (street) or 12 (community) digits");
        };
    }

    public static InstructionRequest parse(Map<String, Object> m) throws Invalid {
        List<Problem.InvalidParam> errors = new ArrayList<>();
        String title = text(m.get("title"), "/title", MAX_TITLE_CHARS, errors);
        String body = text(m.get("body"), "/body", MAX_BODY_CHARS, errors);
        String kind = null;
        String code = null;
        MultiPolygon area = null;
        Object target = m.get("target");
        if (!(target instanceof Map<?, ?> t)) {
            errors.add(new Problem.InvalidParam(null, "/target", "required: {\"code\": \"410103001\"} or {\"area\": GeoJSON Polygon}"));
        } else if (t.containsKey("code") == t.containsKey("area")) {
            errors.add(new Problem.InvalidParam(null, "/target", "give exactly one of 'code' and 'area'"));
        } else if (t.containsKey("code")) {
            Object c = t.get("code");
            if (!(c instanceof String s) || !s.matches("^[0-9]{4,12}$")) {
                errors.add(new Problem.InvalidParam(null, "/target/code", "a grid code of digits"));
            } else {
                try {
                    kind = kindOfCode(s);
                    code = s;
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.InvalidParam(null, "/target/code", e.getMessage()));
                }
            }
        } else {
            area = area(t.get("area"), errors);
            kind = "area";
        }
        for (String key : m.keySet()) {
            if (!List.of("title", "body", "target").contains(key)) {
                errors.add(new Problem.InvalidParam(null, "/" + key, "unknown member"));
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new InstructionRequest(title, body, kind, code, area);
    }

    /** Cleans plain text: tags and control characters out, line ends normalised, trimmed, length checked. */
    @Nullable
    public static String text(@Nullable Object raw, String pointer, int maxChars, List<Problem.InvalidParam> errors) {
        if (!(raw instanceof String s)) {
            errors.add(new Problem.InvalidParam(null, pointer, raw == null ? "required" : "must be a string"));
            return null;
        }
        if (s.length() > maxChars * 4) {
            errors.add(new Problem.InvalidParam(null, pointer, "at most " + maxChars + " characters"));
            return null;
        }
        String clean = CONTROL.matcher(TAG.matcher(s.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("")).replaceAll("").strip();
        if (clean.isEmpty()) {
            errors.add(new Problem.InvalidParam(null, pointer, "empty (after removing markup)"));
            return null;
        }
        if (clean.codePointCount(0, clean.length()) > maxChars) {
            errors.add(new Problem.InvalidParam(null, pointer, "at most " + maxChars + " characters"));
            return null;
        }
        return clean;
    }

    @Nullable
    private static MultiPolygon area(@Nullable Object raw, List<Problem.InvalidParam> errors) {
        String p = "/target/area";
        if (!(raw instanceof Map<?, ?> g)) {
            errors.add(new Problem.InvalidParam(null, p, "a GeoJSON Polygon or MultiPolygon object"));
            return null;
        }
        Object type = g.get("type");
        Object coords = g.get("coordinates");
        int before = errors.size();
        int[] vertices = {0};
        List<Polygon> polygons = new ArrayList<>();
        if ("Polygon".equals(type)) {
            Polygon poly = polygon(coords, p + "/coordinates", errors, vertices);
            if (poly != null) {
                polygons.add(poly);
            }
        } else if ("MultiPolygon".equals(type)) {
            if (!(coords instanceof List<?> list) || list.isEmpty()) {
                errors.add(new Problem.InvalidParam(null, p + "/coordinates", "a non-empty array of polygons"));
            } else {
                for (int i = 0; i < list.size() && errors.size() == before; i++) {
                    Polygon poly = polygon(list.get(i), p + "/coordinates/" + i, errors, vertices);
                    if (poly != null) {
                        polygons.add(poly);
                    }
                }
            }
        } else {
            errors.add(new Problem.InvalidParam(null, p + "/type", "must be Polygon or MultiPolygon"));
        }
        if (errors.size() > before) {
            return null;
        }
        MultiPolygon mp = FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
        TopologyValidationError invalid = new IsValidOp(mp).getValidationError();
        if (invalid != null) {
            errors.add(new Problem.InvalidParam(null, p, "not a valid polygon: " + invalid.getMessage() + " near "
                    + invalid.getCoordinate().x + " " + invalid.getCoordinate().y));
            return null;
        }
        return mp;
    }

    @Nullable
    private static Polygon polygon(Object raw, String pointer, List<Problem.InvalidParam> errors, int[] vertices) {
        if (!(raw instanceof List<?> rings) || rings.isEmpty()) {
            errors.add(new Problem.InvalidParam(null, pointer, "a non-empty array of linear rings"));
            return null;
        }
        List<LinearRing> parsed = new ArrayList<>();
        for (int r = 0; r < rings.size(); r++) {
            String rp = pointer + "/" + r;
            if (!(rings.get(r) instanceof List<?> positions) || positions.size() < 4) {
                errors.add(new Problem.InvalidParam(null, rp, "a ring needs at least 4 positions"));
                return null;
            }
            vertices[0] += positions.size();
            if (vertices[0] > MAX_AREA_VERTICES) {
                errors.add(new Problem.InvalidParam(null, rp, "the area has more than " + MAX_AREA_VERTICES + " positions"));
                return null;
            }
            Coordinate[] cs = new Coordinate[positions.size()];
            for (int i = 0; i < positions.size(); i++) {
                if (!(positions.get(i) instanceof List<?> pos) || pos.size() < 2 || pos.size() > 3
                        || !(pos.get(0) instanceof Number lon) || !(pos.get(1) instanceof Number lat)
                        || !Double.isFinite(lon.doubleValue()) || !Double.isFinite(lat.doubleValue())) {
                    errors.add(new Problem.InvalidParam(null, rp + "/" + i, "a position [lon, lat]"));
                    return null;
                }
                if (Math.abs(lon.doubleValue()) > 180 || Math.abs(lat.doubleValue()) > 90) {
                    errors.add(new Problem.InvalidParam(null, rp + "/" + i, "outside WGS84: lon within ±180, lat within ±90"));
                    return null;
                }
                cs[i] = new Coordinate(lon.doubleValue(), lat.doubleValue());
            }
            if (!cs[0].equals2D(cs[cs.length - 1])) {
                errors.add(new Problem.InvalidParam(null, rp, "the ring is not closed: its last position must equal its first"));
                return null;
            }
            parsed.add(FACTORY.createLinearRing(cs));
        }
        return FACTORY.createPolygon(parsed.get(0), parsed.subList(1, parsed.size()).toArray(LinearRing[]::new));
    }
}
