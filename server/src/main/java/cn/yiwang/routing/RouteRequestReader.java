package cn.yiwang.routing;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import cn.yiwang.geo.CoordinateSystem;

/**
 * Reads a {@code POST /api/route} body with Jackson's streaming parser, so every error can name
 * its field and the index of its point, and 10,000 points parse in a few milliseconds:
 *
 * <pre>{"crs": "gcj02", "category": "SRHJ-01", "points": [{"id": "c-1", "lon": 113.64, "lat": 34.72,
 *   "accuracy": 15, "crs": "wgs84", "category": "JTSS-02"}]}</pre>
 *
 * <p>{@code crs} (root, default wgs84) applies to every point without its own, and so does
 * {@code category} (root, optional). Per point: {@code lon} and {@code lat} are required JSON
 * numbers (a string such as {@code "NaN"} is rejected); {@code accuracy} (metres, 0 or more),
 * {@code id} (string or number, echoed) and {@code category} (a sub-category code, echoed; the
 * controller checks it against the taxonomy) are optional; unknown fields are ignored. At most
 * {@code maxPoints} points (the reader stops at the next one). Stateless and thread-safe.
 */
public final class RouteRequestReader {

    static final int MAX_REPORTED_ERRORS = 20;
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private final int maxPoints;

    public RouteRequestReader(int maxPoints) {
        this.maxPoints = maxPoints;
    }

    /** Raw fields of one point: strings null when absent, numbers {@link #ABSENT} (unboxed: 10,000 points a batch). */
    private static final class Raw {
        String id;
        double lon = ABSENT;
        double lat = ABSENT;
        double accuracy = ABSENT;
        String crs;
        String category;
        /** An error was already reported while reading it. */
        boolean bad;
    }

    /**
     * @throws InvalidRouteRequestException for a malformed, oversized or invalid body, listing
     *                                      every invalid field (the first {@value #MAX_REPORTED_ERRORS})
     */
    public List<RoutePoint> read(byte[] body) {
        return read(body == null ? null : new ByteArrayInputStream(body));
    }

    /**
     * As {@link #read(byte[])}, from a stream (the request body as it arrived, without first
     * copying it into one array; the server's path); the stream is not closed.
     */
    public List<RoutePoint> read(InputStream body) {
        if (body == null) {
            throw empty();
        }
        try {
            return read(JSON.createParser(body));
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
    }

    private static InvalidRouteRequestException empty() {
        return new InvalidRouteRequestException(InvalidRouteRequestException.Kind.MALFORMED,
                "The body is empty; send {\"points\": [{\"lon\": …, \"lat\": …}]}.", List.of(new InvalidRouteRequestException.FieldError("", "the body is empty")), 1);
    }

    private List<RoutePoint> read(JsonParser parser) {
        List<InvalidRouteRequestException.FieldError> errors = new ArrayList<>();
        int[] errorCount = {0};
        List<Raw> raws = new ArrayList<>();
        String rootCrs = null;
        String rootCategory = null;
        boolean sawPoints = false;
        try (JsonParser p = parser) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw empty();
            }
            if (first != JsonToken.START_OBJECT) {
                throw malformed("the body must be a JSON object {\"points\": [...]}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "crs" -> rootCrs = text(p, t, -1, "crs", errors, errorCount);
                    case "category" -> rootCategory = text(p, t, -1, "category", errors, errorCount);
                    case "points" -> {
                        sawPoints = true;
                        if (t != JsonToken.START_ARRAY) {
                            error(errors, errorCount, "/points", "points: must be an array of points");
                            p.skipChildren();
                        } else {
                            readPoints(p, raws, errors, errorCount);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw malformed("unexpected content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
        if (!sawPoints) {
            error(errors, errorCount, "/points", "points: is required (an array of 1 to " + maxPoints + " points)");
        } else if (raws.isEmpty() && errorCount[0] == 0) {
            error(errors, errorCount, "/points", "points: is empty; send 1 to " + maxPoints + " points");
        }
        CoordinateSystem defaultCrs = CoordinateSystem.WGS84;
        if (rootCrs != null) {
            try {
                defaultCrs = CoordinateSystem.parse(rootCrs);
            } catch (IllegalArgumentException e) {
                error(errors, errorCount, "/crs", "crs: '" + clip(rootCrs) + "' is not supported; use wgs84, gcj02, bd09 or cgcs2000");
                defaultCrs = null;
            }
        }
        List<RoutePoint> points = new ArrayList<>(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            Raw r = raws.get(i);
            if (r == null || r.bad) {
                continue; // already reported
            }
            CoordinateSystem crs = defaultCrs;
            if (r.crs != null) {
                try {
                    crs = CoordinateSystem.parse(r.crs);
                } catch (IllegalArgumentException e) {
                    error(errors, errorCount, pointer(i, "crs"), name(i, "crs") + ": '" + clip(r.crs) + "' is not supported; use wgs84, gcj02, bd09 or cgcs2000");
                    continue;
                }
            }
            if (absent(r.lon)) {
                error(errors, errorCount, pointer(i, "lon"), name(i, "lon") + ": is required (a number)");
            }
            if (absent(r.lat)) {
                error(errors, errorCount, pointer(i, "lat"), name(i, "lat") + ": is required (a number)");
            }
            if (absent(r.lon) || absent(r.lat) || crs == null) {
                continue;
            }
            Double accuracy = absent(r.accuracy) ? null : r.accuracy;
            RoutingService.Invalid invalid = RoutingService.check(r.lon, r.lat, crs, accuracy);
            if (invalid != null) {
                if ("crs".equals(invalid.field()) && r.crs == null) {
                    error(errors, errorCount, "/points/" + i, "points[" + i + "]: " + invalid.detail()); // the root crs does not fit this point
                } else {
                    error(errors, errorCount, pointer(i, invalid.field()), name(i, invalid.field()) + ": " + invalid.detail());
                }
                continue;
            }
            points.add(new RoutePoint(r.id, r.lon, r.lat, crs, accuracy, r.category != null ? r.category : rootCategory));
        }
        if (errorCount[0] > 0) {
            String first = errors.get(0).detail();
            throw new InvalidRouteRequestException(InvalidRouteRequestException.Kind.INVALID,
                    "Invalid request body: " + first + (errorCount[0] > 1 ? " (and " + (errorCount[0] - 1) + " more)" : ""),
                    errors, errorCount[0]);
        }
        return points;
    }

    private void readPoints(JsonParser p, List<Raw> raws, List<InvalidRouteRequestException.FieldError> errors, int[] errorCount)
            throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = raws.size();
            if (i == maxPoints) {
                throw new InvalidRouteRequestException(InvalidRouteRequestException.Kind.TOO_LARGE,
                        "More than " + maxPoints + " points in one request; send at most " + maxPoints + " per request.",
                        List.of(new InvalidRouteRequestException.FieldError("/points", "points: more than " + maxPoints + " points")), 1);
            }
            if (t != JsonToken.START_OBJECT) {
                error(errors, errorCount, "/points/" + i, "points[" + i + "]: must be an object {\"lon\": …, \"lat\": …}");
                p.skipChildren();
                raws.add(null);
                continue;
            }
            Raw r = new Raw();
            int before = errorCount[0];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "lon" -> r.lon = number(p, v, i, "lon", errors, errorCount);
                    case "lat" -> r.lat = number(p, v, i, "lat", errors, errorCount);
                    case "accuracy" -> r.accuracy = number(p, v, i, "accuracy", errors, errorCount);
                    case "crs" -> r.crs = text(p, v, i, "crs", errors, errorCount);
                    case "category" -> r.category = text(p, v, i, "category", errors, errorCount);
                    case "id" -> {
                        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                            r.id = p.getText();
                        } else {
                            r.id = text(p, v, i, "id", errors, errorCount);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            r.bad = errorCount[0] > before;
            raws.add(r);
        }
    }

    /** The JSON pointer of a field of point i (i < 0: of the body). */
    private static String pointer(int i, String field) {
        return i < 0 ? "/" + field : "/points/" + i + "/" + field;
    }

    /** The path of a field of point i, as in {@code points[17].lon} (i < 0: of the body). */
    private static String name(int i, String field) {
        return i < 0 ? field : "points[" + i + "]." + field;
    }

    /**
     * An absent number: a NaN with a payload no parser produces (the NaN a bad number is read as is
     * {@link Double#NaN}), compared by its bits.
     */
    private static final double ABSENT = Double.longBitsToDouble(0x7ff8_0000_0000_a65eL);

    private static boolean absent(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(ABSENT);
    }

    /** The number, {@link #ABSENT} for null, NaN (reported) for anything else. */
    private static double number(JsonParser p, JsonToken t, int i, String field,
                                 List<InvalidRouteRequestException.FieldError> errors, int[] errorCount) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double v = p.getDoubleValue();
            if (!Double.isFinite(v)) {
                error(errors, errorCount, pointer(i, field), name(i, field) + ": " + clip(p.getText()) + " is not a finite number");
                return Double.NaN;
            }
            return v;
        }
        if (t == JsonToken.VALUE_NULL) {
            return ABSENT;
        }
        String got = t == JsonToken.VALUE_STRING ? "the string \"" + clip(p.getText()) + "\"" : describe(t);
        error(errors, errorCount, pointer(i, field), name(i, field) + ": must be a number, got " + got);
        p.skipChildren();
        return Double.NaN;
    }

    private static String text(JsonParser p, JsonToken t, int i, String field,
                               List<InvalidRouteRequestException.FieldError> errors, int[] errorCount) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        error(errors, errorCount, pointer(i, field), name(i, field) + ": must be a string, got " + describe(t));
        p.skipChildren();
        return null;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_STRING -> "a string";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static void error(List<InvalidRouteRequestException.FieldError> errors, int[] count, String pointer, String detail) {
        count[0]++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(new InvalidRouteRequestException.FieldError(pointer, detail));
        }
    }

    private static InvalidRouteRequestException malformed(String why) {
        String reason = why == null ? "unreadable" : why;
        // Jackson names a "[Source: …]" location that means nothing to a client.
        int source = reason.indexOf(" (start marker at [Source");
        reason = source >= 0 ? reason.substring(0, source) : reason;
        source = reason.indexOf("[Source");
        reason = source >= 0 ? reason.substring(0, source) : reason;
        String detail = "The body is not valid JSON: " + reason.replaceAll("[\\p{Cntrl}]", " ").trim();
        return new InvalidRouteRequestException(InvalidRouteRequestException.Kind.MALFORMED, detail,
                List.of(new InvalidRouteRequestException.FieldError("", detail)), 1);
    }

    private static String clip(String raw) {
        String s = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }
}
