package cn.yiwang.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import cn.yiwang.api.Problem;
import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;

/**
 * A new case as submitted to {@code POST /api/cases}, checked field by field. {@link #parse} collects
 * every problem (JSON pointer + reason) instead of stopping at the first.
 */
public record CaseRequest(String category, String title, String description, String source, @Nullable Double lon,
                          @Nullable Double lat, CoordinateSystem crs, @Nullable Double accuracy, @Nullable Integer floor,
                          @Nullable String address, @Nullable String reporterName, @Nullable String reporterPhone,
                          @Nullable String urgency, List<String> photos, @Nullable Long componentId) {

    /** A request without a component reference. */
    public CaseRequest(String category, String title, String description, String source, @Nullable Double lon,
                       @Nullable Double lat, CoordinateSystem crs, @Nullable Double accuracy, @Nullable Integer floor,
                       @Nullable String address, @Nullable String reporterName, @Nullable String reporterPhone,
                       @Nullable String urgency, List<String> photos) {
        this(category, title, description, source, lon, lat, crs, accuracy, floor, address, reporterName, reporterPhone, urgency,
                photos, null);
    }

    public static final Set<String> SOURCES = Set.of("patrol", "hotline_12345", "police_110", "citizen_app", "video_ai", "deputy", "iot");
    public static final Set<String> URGENCIES = Set.of("normal", "urgent", "critical");
    public static final int MAX_TITLE_CHARS = 100;
    public static final int MAX_ADDRESS_CHARS = 300;
    public static final double MAX_ACCURACY_METERS = 5000;
    static final Pattern MARKUP = Pattern.compile("<\\s*[a-zA-Z!/?]|javascript\\s*:", Pattern.CASE_INSENSITIVE);
    /** A reporter's phone: digits, spaces and '-' with an optional leading '+', 5 to 20 characters. */
    public static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 -]{4,19}$");
    static final Pattern PHOTO_ID = Pattern.compile("^[0-9a-f]{64}$");

    /** The body failed the checks: every offending field. */
    public static final class Invalid extends RuntimeException {
        private final List<Problem.InvalidParam> errors;

        Invalid(List<Problem.InvalidParam> errors) {
            super(errors.size() + " invalid field(s): " + errors.stream().map(e -> e.pointer() + " " + e.detail()).toList());
            this.errors = List.copyOf(errors);
        }

        public List<Problem.InvalidParam> errors() {
            return errors;
        }
    }

    /**
     * @param body         the decoded JSON object
     * @param maxDescription longest description accepted
     * @param maxPhotos    most photos accepted
     * @throws Invalid listing every bad field
     */
    public static CaseRequest parse(Map<String, Object> body, int maxDescription, int maxPhotos) {
        List<Problem.InvalidParam> errors = new ArrayList<>();
        String category = text(body, "category", true, 64, errors);
        String title = text(body, "title", true, MAX_TITLE_CHARS, errors);
        String description = text(body, "description", false, maxDescription, errors);
        String source = text(body, "source", true, 32, errors);
        if (source != null && !SOURCES.contains(source)) {
            errors.add(err("/source", "unknown channel '" + source + "'; one of " + sorted(SOURCES)));
        }
        String urgency = text(body, "urgency", false, 16, errors);
        if (urgency != null && !URGENCIES.contains(urgency)) {
            errors.add(err("/urgency", "must be one of " + sorted(URGENCIES)));
        }
        Double lon = null;
        Double lat = null;
        Double accuracy = null;
        Integer floor = null;
        String address = null;
        CoordinateSystem crs = CoordinateSystem.WGS84;
        Object loc = body.get("location");
        if (loc != null && !(loc instanceof Map)) {
            errors.add(err("/location", "must be an object {lon, lat, crs, accuracy, floor, address}"));
        } else if (loc instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) raw;
            lon = number(l, "lon", "/location/lon", true, -180, 180, errors);
            lat = number(l, "lat", "/location/lat", true, -90, 90, errors);
            Object c = l.get("crs");
            if (c != null) {
                try {
                    crs = CoordinateSystem.parse(c.toString());
                } catch (IllegalArgumentException e) {
                    errors.add(err("/location/crs", e.getMessage()));
                }
            }
            accuracy = number(l, "accuracy", "/location/accuracy", false, 0, MAX_ACCURACY_METERS, errors);
            Double f = number(l, "floor", "/location/floor", false, -10, 200, errors);
            if (f != null && f != Math.rint(f)) {
                errors.add(err("/location/floor", "must be a whole number"));
            } else if (f != null) {
                floor = f.intValue();
            }
            address = text(l, "address", "/location/address", false, MAX_ADDRESS_CHARS, errors);
        }
        String reporterName = null;
        String reporterPhone = null;
        Object rep = body.get("reporter");
        if (rep != null && !(rep instanceof Map)) {
            errors.add(err("/reporter", "must be an object {name, phone}"));
        } else if (rep instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) raw;
            reporterName = text(r, "name", "/reporter/name", false, 50, errors);
            reporterPhone = text(r, "phone", "/reporter/phone", false, 20, errors);
            if (reporterPhone != null && !PHONE.matcher(reporterPhone).matches()) {
                errors.add(err("/reporter/phone", "not a phone number (digits, spaces, '-', optional leading '+')"));
            }
        }
        List<String> photos = new ArrayList<>();
        Object ph = body.get("photos");
        if (ph != null && !(ph instanceof List)) {
            errors.add(err("/photos", "must be an array of photo ids from POST /api/photos"));
        } else if (ph instanceof List<?> list) {
            if (list.size() > maxPhotos) {
                errors.add(err("/photos", "at most " + maxPhotos + " photos"));
            }
            for (int i = 0; i < list.size() && i < maxPhotos; i++) {
                Object id = list.get(i);
                if (!(id instanceof String s) || !PHOTO_ID.matcher(s).matches()) {
                    errors.add(err("/photos/" + i, "not a photo id (64 hexadecimal characters, as POST /api/photos returns)"));
                } else if (!photos.contains(s)) {
                    photos.add(s);
                }
            }
        }
        Long componentId = null;
        Object comp = body.get("componentId");
        if (comp != null) {
            if (comp instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
                componentId = n.longValue();
            } else {
                errors.add(err("/componentId", "must be the id of a component (a positive whole number, from GET /api/components)"));
            }
        }
        for (String key : body.keySet()) {
            if (!Set.of("category", "title", "description", "source", "urgency", "location", "reporter", "photos", "componentId").contains(key)) {
                errors.add(err("/" + key, "unknown field"));
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new CaseRequest(category, title, description == null ? "" : description, source, lon, lat, crs, accuracy, floor,
                address, reporterName, reporterPhone, urgency, List.copyOf(photos), componentId);
    }

    /** Checks a free-text field (comments of workflow steps use it too); returns the trimmed text or null. */
    public static @Nullable String text(Map<String, Object> m, String key, String pointer, boolean required, int maxChars,
                                        List<Problem.InvalidParam> errors) {
        Object v = m.get(key);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) {
                errors.add(err(pointer, "required"));
            }
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(err(pointer, "must be a string"));
            return null;
        }
        String t = s.strip();
        if (t.codePointCount(0, t.length()) > maxChars) {
            errors.add(err(pointer, "longer than " + maxChars + " characters (" + t.codePointCount(0, t.length()) + ")"));
            return null;
        }
        if (t.indexOf('\0') >= 0) {
            errors.add(err(pointer, "contains a NUL character"));
            return null;
        }
        if (MARKUP.matcher(t).find()) {
            errors.add(err(pointer, "must be plain text: HTML markup or script is not accepted"));
            return null;
        }
        return t;
    }

    private static String text(Map<String, Object> m, String key, boolean required, int maxChars, List<Problem.InvalidParam> errors) {
        return text(m, key, "/" + key, required, maxChars, errors);
    }

    private static Double number(Map<String, Object> m, String key, String pointer, boolean required, double min, double max,
                                 List<Problem.InvalidParam> errors) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                errors.add(err(pointer, "required"));
            }
            return null;
        }
        if (!(v instanceof Number n)) {
            errors.add(err(pointer, "must be a number, not " + (v instanceof String ? "the string \"" + clip(v.toString()) + "\"" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT))));
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            errors.add(err(pointer, "must be between " + fmt(min) + " and " + fmt(max) + ", not " + d));
            return null;
        }
        return d;
    }

    static Problem.InvalidParam err(String pointer, String detail) {
        return new Problem.InvalidParam(null, pointer, detail);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
