package cn.yiwang.api;

import java.util.Locale;

/**
 * Parses query parameters with errors that name the parameter and the value. Pure functions;
 * thread-safe.
 */
public final class Params {

    private Params() {
    }

    /** A finite decimal number within [min, max]; {@code null} when absent and not required. */
    public static Double decimal(String name, String raw, double min, double max, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw ApiException.badParameter(name, "is required (a number between " + fmt(min) + " and " + fmt(max) + ")");
            }
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "'" + clip(raw) + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw ApiException.badParameter(name, "'" + clip(raw) + "' is not a finite number");
        }
        if (v < min || v > max) {
            throw ApiException.badParameter(name, fmt(v) + " is out of range [" + fmt(min) + ", " + fmt(max) + "]");
        }
        return v;
    }

    /**
     * A page size: absent gives {@code dflt}, below 1 or not an integer is an error, above {@code max}
     * is clamped to {@code max} (as OGC API – Features does).
     */
    public static int limit(String raw, int dflt, int max) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        long v = integer("limit", raw);
        if (v < 1) {
            throw ApiException.badParameter("limit", v + " is below the minimum 1");
        }
        return (int) Math.min(v, max);
    }

    public static int offset(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        long v = integer("offset", raw);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw ApiException.badParameter("offset", v + " must be between 0 and " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A bbox {@code minLon,minLat,maxLon,maxLat} in degrees (EPSG:4326); {@code null} when absent. */
    public static double[] bbox(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length != 4) {
            throw ApiException.badParameter("bbox", "'" + clip(raw) + "' must be four numbers minLon,minLat,maxLon,maxLat");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                b[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiException.badParameter("bbox", "'" + clip(parts[i]) + "' (item " + (i + 1) + ") is not a number");
            }
            if (!Double.isFinite(b[i])) {
                throw ApiException.badParameter("bbox", "item " + (i + 1) + " is not a finite number");
            }
        }
        if (Math.abs(b[0]) > 180 || Math.abs(b[2]) > 180 || Math.abs(b[1]) > 90 || Math.abs(b[3]) > 90) {
            throw ApiException.badParameter("bbox", "'" + clip(raw) + "' lies outside lon [-180, 180], lat [-90, 90]");
        }
        if (b[0] > b[2]) {
            throw ApiException.badParameter("bbox", "minLon " + fmt(b[0]) + " is greater than maxLon " + fmt(b[2]));
        }
        if (b[1] > b[3]) {
            throw ApiException.badParameter("bbox", "minLat " + fmt(b[1]) + " is greater than maxLat " + fmt(b[3]));
        }
        return b;
    }

    private static long integer(String name, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "'" + clip(raw) + "' is not an integer");
        }
    }

    /** Echo at most 40 characters of a rejected value. */
    public static String clip(String raw) {
        String s = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
