package cn.yiwang.layers.ogc;

import java.util.Locale;
import java.util.regex.Pattern;

import io.micronaut.core.annotation.Nullable;

/**
 * The scheme and authority ({@code http://host:port}) that absolute links in responses start with,
 * so a client such as GDAL, which follows {@code next} links as given, comes back to the address it
 * used. In order of precedence:
 * <ol>
 *   <li>the configured public URL ({@code yiwang.ogc.public-url}), when set;</li>
 *   <li>the first element of {@code Forwarded} (RFC 7239: {@code proto=}, {@code host=});</li>
 *   <li>{@code X-Forwarded-Proto} / {@code X-Forwarded-Host} (first value of each), with
 *       {@code X-Forwarded-Port} when the host has no port;</li>
 *   <li>the {@code Host} header with the connection's own scheme;</li>
 *   <li>the address the connection arrived on.</li>
 * </ol>
 * A scheme other than {@code http}/{@code https} or a host that is not a DNS name, IPv4 or
 * bracketed IPv6 literal with an optional port is ignored (so a header can never inject markup or
 * a path into links). A path prefix added by a proxy ({@code X-Forwarded-Prefix}) is not supported:
 * use the public URL for that. Pure; thread-safe.
 */
public final class BaseUrlResolver {

    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** The request headers and connection facts the base URL is derived from; any may be {@code null}. */
    public record Request(@Nullable String forwarded, @Nullable String forwardedProto, @Nullable String forwardedHost,
                          @Nullable String forwardedPort, @Nullable String host, String connectionScheme,
                          String connectionAuthority) {
    }

    private BaseUrlResolver() {
    }

    /** {@code scheme://authority}, without a trailing slash. */
    public static String resolve(@Nullable String publicUrl, Request r) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            String p = publicUrl.trim();
            return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        }
        String scheme = null;
        String authority = null;
        if (r.forwarded() != null) {
            String first = r.forwarded().split(",")[0];
            for (String pair : first.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(pair.substring(eq + 1).trim());
                if (key.equals("proto")) {
                    scheme = scheme(value);
                } else if (key.equals("host")) {
                    authority = host(value);
                }
            }
        }
        if (scheme == null) {
            scheme = scheme(first(r.forwardedProto()));
        }
        if (authority == null) {
            authority = host(first(r.forwardedHost()));
            String port = first(r.forwardedPort());
            if (authority != null && port != null && PORT.matcher(port).matches() && !authority.matches(".*:[0-9]+$")) {
                authority = authority + ":" + port;
            }
        }
        if (authority == null) {
            authority = host(r.host());
        }
        if (authority == null) {
            authority = r.connectionAuthority();
        }
        if (scheme == null) {
            scheme = r.connectionScheme();
        }
        return scheme + "://" + withoutDefaultPort(scheme, authority);
    }

    private static String withoutDefaultPort(String scheme, String authority) {
        if (scheme.equals("http") && authority.endsWith(":80")) {
            return authority.substring(0, authority.length() - 3);
        }
        if (scheme.equals("https") && authority.endsWith(":443")) {
            return authority.substring(0, authority.length() - 4);
        }
        return authority;
    }

    private static String first(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",")[0].trim();
        return v.isEmpty() ? null : v;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static String scheme(@Nullable String v) {
        if (v == null) {
            return null;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https") ? s : null;
    }

    private static String host(@Nullable String v) {
        if (v == null) {
            return null;
        }
        String h = v.trim();
        return !h.isEmpty() && h.length() <= 260 && HOST.matcher(h).matches() ? h : null;
    }
}
