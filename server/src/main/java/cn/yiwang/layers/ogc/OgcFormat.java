package cn.yiwang.layers.ogc;

import java.util.Locale;

import io.micronaut.core.annotation.Nullable;

/**
 * The two encodings of every OGC API resource, and how a request picks one: the {@code f} query
 * parameter ({@code json} or {@code html}) wins; otherwise the {@code Accept} header chooses HTML
 * only when it ranks {@code text/html} strictly above every JSON type it accepts (so a browser's
 * {@code text/html,…,*}{@code /*;q=0.8} gets HTML, GDAL's {@code application/geo+json,
 * application/json} and curl's {@code *}{@code /*} get JSON); ties and no header give JSON. Pure;
 * thread-safe.
 */
public enum OgcFormat {
    JSON("json"), HTML("html");

    private final String key;

    OgcFormat(String key) {
        this.key = key;
    }

    /** The value of {@code f} that selects this format. */
    public String key() {
        return key;
    }

    /**
     * The format a request asks for.
     *
     * @param f      the {@code f} query parameter, or {@code null}
     * @param accept the {@code Accept} header, or {@code null}
     * @throws IllegalArgumentException when {@code f} is neither {@code json} nor {@code html}
     */
    public static OgcFormat select(@Nullable String f, @Nullable String accept) {
        if (f != null) {
            String key = f.trim().toLowerCase(Locale.ROOT);
            for (OgcFormat format : values()) {
                if (format.key.equals(key)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unsupported format; use f=json or f=html");
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        double html = 0;
        double json = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("text/html") || type.equals("application/xhtml+xml") || type.equals("text/*")) {
                html = Math.max(html, q);
            } else if (type.equals("application/json") || type.endsWith("+json") || type.equals("application/*")
                    || type.equals("*/*")) {
                json = Math.max(json, q);
            }
        }
        return html > json ? HTML : JSON;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return Double.isFinite(q) ? Math.max(0, Math.min(1, q)) : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
