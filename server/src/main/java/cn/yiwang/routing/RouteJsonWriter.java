package cn.yiwang.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.io.NumberOutput;

import cn.yiwang.grid.GridSummary;
import io.micronaut.core.annotation.Nullable;

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

    /** Results per chunk; larger batches are rendered in chunks on the common fork-join pool. */
    private static final int CHUNK = 256;

    /**
     * The UTF-8 JSON of {@code {"results": [...]}} as consecutive pieces (head, rendered chunks,
     * tail), each in its own array. The server does not use it: it hands each piece straight to a
     * network buffer ({@link #write(List, View, PieceSink, Consumer)}), as a 10,000-point answer in
     * one heap array would be 4–12 MB, a humongous object for G1, for every request.
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
        List<byte[]> arrays = write(results, view, (bytes, from, length) -> Arrays.copyOfRange(bytes, from, from + length), piece -> { });
        int[] lengths = new int[arrays.size()];
        int size = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = arrays.get(i).length;
            size += lengths[i];
        }
        return new Pieces(arrays, lengths, size);
    }

    /**
     * Takes each rendered piece of the answer while its bytes are valid: they are the writer's
     * per-thread scratch, overwritten by the thread's next chunk, so the sink copies what it keeps
     * (for the server: into a pooled network buffer, which the socket then writes without another copy).
     */
    @FunctionalInterface
    public interface PieceSink<T> {
        T take(byte[] bytes, int from, int length);
    }

    /**
     * The JSON of the results in the given view, handed piece by piece to {@code sink}: head,
     * one piece per chunk of {@value #CHUNK} results (rendered in parallel for larger batches),
     * tail; the sink's products in that order. The chunks are rendered into a buffer per thread
     * that is kept for the next call, so a batch allocates no buffers once the threads have theirs.
     * If rendering fails, every product is given to {@code discard}: those already made before the
     * failure is thrown, those of chunks still rendering in parallel as they finish.
     */
    public <T> List<T> write(List<RouteResult> results, View view, PieceSink<T> sink, Consumer<? super T> discard) {
        boolean compact = view == View.COMPACT;
        int chunks = (results.size() + CHUNK - 1) / CHUNK;
        AtomicReferenceArray<T> pieces = new AtomicReferenceArray<>(chunks + 2);
        // A failed parallel render returns while other chunks may still be rendering: whichever of
        // the failing caller and a late chunk takes a piece out of the array first discards it.
        AtomicBoolean failed = new AtomicBoolean();
        try {
            pieces.set(0, sink.take(HEAD, 0, HEAD.length));
            IntStream range = IntStream.range(0, chunks);
            (chunks > 1 ? range.parallel() : range).forEach(c -> {
                int from = c * CHUNK;
                int to = Math.min(results.size(), from + CHUNK);
                Out out = SCRATCH.get();
                out.size = 0;
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
                pieces.set(c + 1, sink.take(out.bytes, 0, out.size));
                if (failed.get()) {
                    discard(pieces, c + 1, discard); // another chunk failed and the pieces were given up while this one rendered
                }
                if (out.bytes.length > MAX_SCRATCH) {
                    SCRATCH.remove(); // an unusual chunk (long texts): do not keep its buffer
                }
            });
            pieces.set(chunks + 1, sink.take(TAIL, 0, TAIL.length));
        } catch (RuntimeException | Error e) {
            failed.set(true);
            for (int i = 0; i < pieces.length(); i++) {
                discard(pieces, i, discard);
            }
            throw e;
        }
        List<T> out = new ArrayList<>(chunks + 2);
        for (int i = 0; i < pieces.length(); i++) {
            out.add(pieces.get(i));
        }
        return out;
    }

    private static <T> void discard(AtomicReferenceArray<T> pieces, int i, Consumer<? super T> discard) {
        T piece = pieces.getAndSet(i, null);
        if (piece != null) {
            discard.accept(piece);
        }
    }

    /** Rendering buffer per thread: about 100 KB for a compact chunk, 300 KB for a full one. */
    private static final ThreadLocal<Out> SCRATCH = ThreadLocal.withInitial(() -> new Out(CHUNK * 1250));
    /** A scratch buffer grown past this is dropped after its chunk. */
    private static final int MAX_SCRATCH = 2 << 20;

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
        micro(o, r);
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
        recurring(o, r.assignee(), false);
        o.ascii(",\"department\":");
        recurring(o, r.department(), false);
        o.add((byte) '}');
    }

    /** The micro grid's quoted code, copied from its chain's rendered codes when it is the chain's own. */
    private static void micro(Out o, RouteResult r) {
        if (r.micro() != null && r.chain() instanceof ChainList c && r.micro() == c.microCode()) {
            o.add(c.codesJson(), 1, c.firstCodeEnd() - 1);
        } else {
            o.string(r.micro());
        }
    }

    /**
     * An assignee or department (or null): in the full view the object, in the compact one its
     * username or code. The same few objects recur through a batch (one per grid and category),
     * so each is rendered once per thread and then copied.
     */
    private static void recurring(Out o, @Nullable Object value, boolean compact) {
        if (value == null) {
            o.ascii("null");
            return;
        }
        IdentityHashMap<Object, byte[]> cache = compact ? o.compactFragments() : o.fullFragments();
        byte[] json = cache.get(value);
        if (json == null) {
            Out one = new Out(96);
            if (value instanceof RouteResult.Assignee a && compact) {
                one.string(a.username());
            } else if (value instanceof RouteResult.Assignee a) {
                one.ascii("{\"id\":");
                one.ascii(Long.toString(a.id()));
                one.ascii(",\"username\":");
                one.string(a.username());
                one.ascii(",\"name\":");
                one.string(a.name());
                one.add((byte) '}');
            } else if (value instanceof RouteResult.Department d && compact) {
                one.string(d.code());
            } else if (value instanceof RouteResult.Department d) {
                one.ascii("{\"code\":");
                one.string(d.code());
                one.ascii(",\"name\":");
                one.string(d.name());
                one.add((byte) '}');
            } else {
                throw new IllegalArgumentException("not an assignee or department: " + value.getClass());
            }
            json = one.toArray();
            if (cache.size() >= MAX_FRAGMENTS) {
                cache.clear(); // a roster reload leaves the old objects behind
            }
            cache.put(value, json);
        }
        o.add(json);
    }

    /** Rendered assignees and departments kept per thread and view. */
    private static final int MAX_FRAGMENTS = 16_384;

    private static void writeCompact(Out o, RouteResult r) {
        o.ascii("{\"id\":");
        o.string(r.id());
        o.ascii(",\"assigned\":");
        o.ascii(r.assigned() ? "true" : "false");
        o.ascii(",\"queue\":");
        o.string(r.queue());
        o.ascii(",\"micro\":");
        micro(o, r);
        ChainList c = r.chain() instanceof ChainList l && !l.isEmpty() ? l : null;
        o.ascii(",\"primary\":");
        if (c != null && r.primary() == c.get(0)) {
            o.add(c.codesJson(), 1, c.firstCodeEnd() - 1);
        } else {
            o.string(r.primary() == null ? null : r.primary().code());
        }
        o.ascii(",\"chain\":");
        if (c != null) {
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
        recurring(o, r.assignee(), true);
        o.ascii(",\"department\":");
        recurring(o, r.department(), true);
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
        private IdentityHashMap<Object, byte[]> fullFragments;
        private IdentityHashMap<Object, byte[]> compactFragments;

        IdentityHashMap<Object, byte[]> fullFragments() {
            if (fullFragments == null) {
                fullFragments = new IdentityHashMap<>();
            }
            return fullFragments;
        }

        IdentityHashMap<Object, byte[]> compactFragments() {
            if (compactFragments == null) {
                compactFragments = new IdentityHashMap<>();
            }
            return compactFragments;
        }

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
            int wholeDigits = 1;
            for (long w = whole; w >= 10; w /= 10) {
                wholeDigits++;
            }
            for (int i = wholeDigits - 1; i >= 0; i--) {
                bytes[size + i] = (byte) ('0' + whole % 10);
                whole /= 10;
            }
            size += wholeDigits;
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
