package cn.yiwang.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.io.NumberOutput;

import cn.yiwang.grid.GridSummary;

/**
 * Writes {@code {"results": [...]}} for {@code POST /api/route} straight into a byte array: the
 * same JSON that Micronaut's serialisation of {@link RouteResult} gives (every field, nulls
 * included; {@code RouteApiTest} compares the two), about ten times faster. Chains come
 * rendered ({@link ChainList}, once per micro grid and snapshot), and so does the primary grid when
 * it heads the chain; special grids' summaries are rendered once and reused while the catalog hands
 * out the same instance (keyed by code, checked by identity). Thread-safe.
 */
public final class RouteJsonWriter {

    private record Fragment(Object source, byte[] json) {
    }

    private final ConcurrentHashMap<String, Fragment> summaries = new ConcurrentHashMap<>();

    /**
     * Results per chunk; larger batches are rendered in chunks on the common fork-join pool. Small
     * enough that a chunk's buffer (about 280 KB) is not a humongous allocation for G1.
     */
    private static final int CHUNK = 256;

    /**
     * The UTF-8 JSON of {@code {"results": [...]}} as consecutive pieces (head, rendered chunks,
     * tail), to be sent one after the other without first copying them into one array: for 10,000
     * points that array would be 10 MB, a humongous object for G1, allocated, zeroed and filled
     * again for every request.
     */
    public record Pieces(List<byte[]> arrays, int[] lengths, int size) {

        /** The pieces joined into one array. */
        public byte[] join() {
            byte[] json = new byte[size];
            int at = 0;
            for (int i = 0; i < arrays.size(); i++) {
                System.arraycopy(arrays.get(i), 0, json, at, lengths[i]);
                at += lengths[i];
            }
            return json;
        }
    }

    private static final byte[] HEAD = "{\"results\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.US_ASCII);

    /** UTF-8 JSON of {@code {"results": [...]}}. */
    public byte[] write(List<RouteResult> results) {
        return writePieces(results).join();
    }

    /** The same JSON as {@link #write(List)}, in pieces. */
    public Pieces writePieces(List<RouteResult> results) {
        return writePieces(results, View.FULL);
    }

    /**
     * What each result carries. {@link #FULL}: every field of {@link RouteResult}, about 1.1 KB a
     * point. {@link #COMPACT}: codes instead of summaries, no echo of the input, about a fifth of
     * that: {@code id, assigned, queue, micro, primary} (code){@code , chain} (codes, micro first)
     * {@code , special} (codes){@code , snappedMeters, probability, alternatives, nearDistrictBoundary,
     * nearDistricts, handlerKind, assignee} (login name){@code , department} (code). Names of grids,
     * workers and departments are one lookup away ({@code GET /api/grids/{code}}, {@code GET /api/departments}).
     */
    public enum View {
        FULL, COMPACT
    }

    /** The JSON of the results in the given view, in pieces. */
    public Pieces writePieces(List<RouteResult> results, View view) {
        boolean compact = view == View.COMPACT;
        int chunks = (results.size() + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        Out[] parts = (chunks > 1 ? range.parallel() : range).mapToObj(c -> {
            int from = c * CHUNK;
            int to = Math.min(results.size(), from + CHUNK);
            Out out = new Out((to - from) * (compact ? 300 : 1250));
            for (int i = from; i < to; i++) {
                if (i > 0) {
                    out.add((byte) ',');
                }
                if (compact) {
                    writeCompact(out, results.get(i));
                } else {
                    write(out, results.get(i));
                }
            }
            return out;
        }).toArray(Out[]::new);
        List<byte[]> arrays = new java.util.ArrayList<>(parts.length + 2);
        int[] lengths = new int[parts.length + 2];
        arrays.add(HEAD);
        lengths[0] = HEAD.length;
        int size = HEAD.length + TAIL.length;
        for (int i = 0; i < parts.length; i++) {
            arrays.add(parts[i].bytes);
            lengths[i + 1] = parts[i].size;
            size += parts[i].size;
        }
        arrays.add(TAIL);
        lengths[parts.length + 1] = TAIL.length;
        return new Pieces(arrays, lengths, size);
    }

    private void write(Out o, RouteResult r) {
        o.ascii("{\"id\":");
        o.string(r.id());
        o.ascii(",\"category\":");
        o.string(r.category());
        o.ascii(",\"input\":{\"lon\":");
        o.number(r.input().lon());
        o.ascii(",\"lat\":");
        o.number(r.input().lat());
        o.ascii(",\"crs\":");
        o.string(r.input().crs());
        o.ascii(",\"accuracy\":");
        o.number(r.input().accuracy());
        o.ascii("},\"wgs84\":{\"lon\":");
        o.number(r.wgs84().lon());
        o.ascii(",\"lat\":");
        o.number(r.wgs84().lat());
        o.ascii("},\"assigned\":");
        o.ascii(r.assigned() ? "true" : "false");
        o.ascii(",\"queue\":");
        o.string(r.queue());
        o.ascii(",\"micro\":");
        o.string(r.micro());
        o.ascii(",\"primary\":");
        if (r.primary() != null && r.chain() instanceof ChainList c && !c.isEmpty() && c.get(0) == r.primary()) {
            o.add(c.json(), 1, c.firstEnd() - 1);
        } else {
            summary(o, r.primary());
        }
        o.ascii(",\"snappedMeters\":");
        o.number(r.snappedMeters());
        o.ascii(",\"probability\":");
        o.number(r.probability());
        o.ascii(",\"chain\":");
        if (r.chain() instanceof ChainList c) {
            o.add(c.json(), 0, c.json().length);
        } else {
            o.add(render(r.chain()).json());
        }
        o.ascii(",\"special\":[");
        for (int i = 0; i < r.special().size(); i++) {
            if (i > 0) {
                o.add((byte) ',');
            }
            summary(o, r.special().get(i));
        }
        o.add((byte) ']');
        alternativesToHandlerKind(o, r);
        o.ascii(",\"assignee\":");
        RouteResult.Assignee a = r.assignee();
        if (a == null) {
            o.ascii("null");
        } else {
            o.ascii("{\"id\":");
            o.ascii(Long.toString(a.id()));
            o.ascii(",\"username\":");
            o.string(a.username());
            o.ascii(",\"name\":");
            o.string(a.name());
            o.add((byte) '}');
        }
        o.ascii(",\"department\":");
        RouteResult.Department d = r.department();
        if (d == null) {
            o.ascii("null");
        } else {
            o.ascii("{\"code\":");
            o.string(d.code());
            o.ascii(",\"name\":");
            o.string(d.name());
            o.add((byte) '}');
        }
        o.add((byte) '}');
    }

    private static void writeCompact(Out o, RouteResult r) {
        o.ascii("{\"id\":");
        o.string(r.id());
        o.ascii(",\"assigned\":");
        o.ascii(r.assigned() ? "true" : "false");
        o.ascii(",\"queue\":");
        o.string(r.queue());
        o.ascii(",\"micro\":");
        o.string(r.micro());
        o.ascii(",\"primary\":");
        o.string(r.primary() == null ? null : r.primary().code());
        o.ascii(",\"chain\":");
        if (r.chain() instanceof ChainList c) {
            o.add(c.codesJson());
        } else {
            o.add(renderCodes(r.chain()));
        }
        o.ascii(",\"special\":");
        o.add(renderCodes(r.special()));
        o.ascii(",\"snappedMeters\":");
        o.number(r.snappedMeters());
        o.ascii(",\"probability\":");
        o.number(r.probability());
        alternativesToHandlerKind(o, r);
        o.ascii(",\"assignee\":");
        o.string(r.assignee() == null ? null : r.assignee().username());
        o.ascii(",\"department\":");
        o.string(r.department() == null ? null : r.department().code());
        o.add((byte) '}');
    }

    /**
     * {@code ,"alternatives":[…],"nearDistrictBoundary":…,"nearDistricts":[…],"handlerKind":…}: the
     * part both views write alike.
     */
    private static void alternativesToHandlerKind(Out o, RouteResult r) {
        o.ascii(",\"alternatives\":[");
        for (int i = 0; i < r.alternatives().size(); i++) {
            RouteResult.Alternative a = r.alternatives().get(i);
            o.ascii(i > 0 ? ",{\"code\":" : "{\"code\":");
            o.string(a.code());
            o.ascii(",\"probability\":");
            o.number(a.probability());
            o.add((byte) '}');
        }
        o.ascii("],\"nearDistrictBoundary\":");
        o.number(r.nearDistrictBoundary());
        o.ascii(",\"nearDistricts\":[");
        for (int i = 0; i < r.nearDistricts().size(); i++) {
            if (i > 0) {
                o.add((byte) ',');
            }
            o.string(r.nearDistricts().get(i));
        }
        o.ascii("],\"handlerKind\":");
        o.string(r.handlerKind());
    }

    /** {@code ["code", …]} of a list of summaries. */
    static byte[] renderCodes(List<GridSummary> list) {
        if (list.isEmpty()) {
            return EMPTY_LIST;
        }
        Out o = new Out(24 * list.size() + 2);
        o.add((byte) '[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                o.add((byte) ',');
            }
            o.string(list.get(i).code());
        }
        o.add((byte) ']');
        return o.toArray();
    }

    private static final byte[] EMPTY_LIST = "[]".getBytes(StandardCharsets.US_ASCII);

    private void summary(Out o, GridSummary s) {
        if (s == null) {
            o.ascii("null");
            return;
        }
        Fragment f = summaries.get(s.code());
        if (f == null || f.source() != s) {
            Out one = new Out(160);
            render(one, s);
            f = new Fragment(s, one.toArray());
            summaries.put(s.code(), f);
        }
        o.add(f.json());
    }

    /** A rendered list of summaries, and where the first one ends. */
    record Rendered(byte[] json, int firstEnd) {
    }

    static Rendered render(List<GridSummary> list) {
        Out o = new Out(160 * list.size() + 2);
        o.add((byte) '[');
        int firstEnd = 1;
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                o.add((byte) ',');
            }
            render(o, list.get(i));
            if (i == 0) {
                firstEnd = o.size;
            }
        }
        o.add((byte) ']');
        return new Rendered(o.toArray(), firstEnd);
    }

    private static void render(Out o, GridSummary s) {
        o.ascii("{\"code\":");
        o.string(s.code());
        o.ascii(",\"name\":");
        o.string(s.name());
        o.ascii(",\"level\":");
        o.string(s.level());
        o.ascii(",\"parentCode\":");
        o.string(s.parentCode());
        o.ascii(",\"kind\":");
        o.string(s.kind());
        o.add((byte) '}');
    }

    /** A growable UTF-8 buffer with JSON primitives. */
    private static final class Out {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void add(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void add(byte[] b) {
            add(b, 0, b.length);
        }

        void add(byte[] b, int from, int length) {
            ensure(length);
            System.arraycopy(b, from, bytes, size, length);
            size += length;
        }

        /** Characters known to be ASCII and need no escaping (field names, literals, numbers). */
        @SuppressWarnings("deprecation")
        void ascii(String s) {
            int n = s.length();
            ensure(n);
            s.getBytes(0, n, bytes, size); // deprecated but exact for ASCII, and a plain copy of a Latin-1 string
            size += n;
        }

        void number(Double v) {
            if (v == null) {
                ascii("null");
            } else {
                number(v.doubleValue());
            }
        }

        void number(double v) {
            // Finite by construction (inputs are validated). Most values have at most 9 decimals
            // (RoutingService rounds what it computes; clients send 6 to 8): printed as a scaled
            // integer, the same decimal Double.toString would give. Others by Jackson's Schubfach
            // writer, the shortest decimal that reads back as v.
            double scaled = v * 1e9;
            if (Math.abs(scaled) < 1e17) {
                long n = Math.round(scaled);
                if (n / 1e9 == v) {
                    fixed(n);
                    return;
                }
            }
            ascii(NumberOutput.toString(v, true));
        }

        /** n / 1e9 in decimal: integer part, then up to 9 decimals without trailing zeros (at least one). */
        private void fixed(long n) {
            ensure(32);
            if (n < 0) {
                bytes[size++] = '-';
                n = -n;
            }
            long whole = n / 1_000_000_000L;
            long frac = n % 1_000_000_000L;
            ascii(Long.toString(whole));
            bytes[size++] = '.';
            if (frac == 0) {
                bytes[size++] = '0';
                return;
            }
            int digits = 9;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            for (int i = digits - 1; i >= 0; i--) {
                bytes[size + i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            size += digits;
        }

        /** A JSON string (RFC 8259 escapes), or null. */
        void string(String s) {
            if (s == null) {
                ascii("null");
                return;
            }
            int n = s.length();
            ensure(n * 3 + 2);
            bytes[size++] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    bytes[size++] = (byte) c;
                } else if (c == '"' || c == '\\') {
                    ensure(2);
                    bytes[size++] = '\\';
                    bytes[size++] = (byte) c;
                } else if (c < 0x20) {
                    escape(c);
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xC0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    ensure(4);
                    bytes[size++] = (byte) (0xF0 | (cp >> 18));
                    bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    bytes[size++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    escape(c); // a lone surrogate cannot be encoded in UTF-8
                } else {
                    bytes[size++] = (byte) (0xE0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    bytes[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            ensure(1);
            bytes[size++] = '"';
        }

        private void escape(char c) {
            ensure(6);
            bytes[size++] = '\\';
            bytes[size++] = 'u';
            bytes[size++] = HEX[(c >> 12) & 0xF];
            bytes[size++] = HEX[(c >> 8) & 0xF];
            bytes[size++] = HEX[(c >> 4) & 0xF];
            bytes[size++] = HEX[c & 0xF];
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
