package cn.yiwang.component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import cn.yiwang.geo.ChinaCoordinateTransformer;
import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;

/**
 * Reads and checks component import files, without touching the database: a GeoJSON
 * FeatureCollection of Points, or a CSV table with a header row. Every problem is collected with
 * where it is (a JSON pointer or a CSV row and column), up to {@value #MAX_ISSUES}; a file with any
 * problem yields no records, so nothing is half-imported.
 *
 * <p><b>CSV</b>: columns by header name, English or Chinese: {@code code/编码}, {@code kind/类型},
 * {@code name/名称}, {@code status/状态}, {@code lon/经度}, {@code lat/纬度},
 * {@code ai_alarms/告警类型} (separated by {@code ;}, {@code |} or {@code 、}), {@code owner/权属单位};
 * fields may be quoted ({@code "a,b"}, {@code ""} for a quote). <b>Encoding</b>: the charset the
 * client declared is used strictly (bytes that are not valid in it are refused, naming the first
 * bad row); without one, a UTF-8 BOM or valid UTF-8 is UTF-8, else text that decodes as GBK
 * (GB18030) and holds Chinese characters is GBK, else the file is refused. Excel on a Chinese
 * Windows saves CSV as GBK, hence the second guess.
 *
 * <p><b>Checks</b>: code pattern and uniqueness within the file, a known kind and status (status
 * defaults to normal), alarm kinds on cameras only, lon −180…180 and lat −90…90, no markup in
 * text fields. Whether a point lies in a district and whether its code is already stored is for
 * the repository to judge. Thread-safe (stateless).
 */
public final class ComponentFileReader {

    public static final int MAX_ISSUES = 100;
    public static final int MAX_ROWS = 200_000;
    static final Pattern CODE = Pattern.compile("^[0-9A-Za-z_.:-]{1,64}$");
    static final Pattern MARKUP = Pattern.compile("<\\s*[a-zA-Z!/?]|javascript\\s*:", Pattern.CASE_INSENSITIVE);
    private static final Charset GBK = Charset.forName("GB18030");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    private static final int MAX_TEXT_CHARS = 200;

    private static final Map<String, String> HEADER_ALIASES = Map.ofEntries(
            Map.entry("code", "code"), Map.entry("编码", "code"), Map.entry("编号", "code"),
            Map.entry("kind", "kind"), Map.entry("类型", "kind"), Map.entry("类别", "kind"),
            Map.entry("name", "name"), Map.entry("名称", "name"),
            Map.entry("status", "status"), Map.entry("状态", "status"),
            Map.entry("lon", "lon"), Map.entry("lng", "lon"), Map.entry("longitude", "lon"), Map.entry("经度", "lon"),
            Map.entry("lat", "lat"), Map.entry("latitude", "lat"), Map.entry("纬度", "lat"),
            Map.entry("ai_alarms", "ai_alarms"), Map.entry("告警类型", "ai_alarms"),
            Map.entry("owner", "owner"), Map.entry("权属单位", "owner"));

    /** A problem at {@code where}: a JSON pointer ({@code /features/2/properties/kind}) or {@code row 3, kind}. */
    public record Issue(String where, String detail) {
    }

    /** Records when ok, otherwise the issues (and no records); {@code encoding} names how a CSV was read. */
    public record Result(List<ComponentRecord> records, List<Issue> issues, @Nullable String encoding) {
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    /** Thrown for a file that cannot be read at all (encoding, no header). */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    private ComponentFileReader() {
    }

    // ------------------------------------------------------------------ CSV

    /**
     * @param bytes           the file
     * @param declaredCharset the charset of the request's Content-Type, or {@code null}
     * @param crs             coordinate system of lon/lat
     * @throws Unreadable when the encoding is wrong or undetectable, or there is no usable header
     */
    public static Result readCsv(byte[] bytes, @Nullable String declaredCharset, CoordinateSystem crs) {
        String[] decoded = decode(bytes, declaredCharset);
        String text = decoded[0];
        List<List<String>> rows = parseCsv(text);
        if (rows.isEmpty()) {
            throw new Unreadable("The CSV file is empty: it needs a header row (code,kind,name,status,lon,lat,ai_alarms,owner) and data rows.");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            String key = HEADER_ALIASES.get(header.get(i).strip().toLowerCase(Locale.ROOT));
            if (key != null) {
                columns.putIfAbsent(key, i);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String required : List.of("code", "kind", "lon", "lat")) {
            if (!columns.containsKey(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new Unreadable("The CSV header " + header + " lacks the column(s) " + missing
                    + " (read as " + decoded[1] + "; columns: code,kind,name,status,lon,lat,ai_alarms,owner or 编码,类型,名称,状态,经度,纬度,告警类型,权属单位).");
        }
        if (rows.size() - 1 > MAX_ROWS) {
            throw new Unreadable("The CSV file has " + (rows.size() - 1) + " rows; at most " + MAX_ROWS + " per import.");
        }
        Checker checker = new Checker(crs);
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            int rowNumber = r + 1;
            checker.check("row " + rowNumber, c -> "row " + rowNumber + ", " + c,
                    cell(row, columns.get("code")), cell(row, columns.get("kind")), cell(row, columns.get("name")),
                    cell(row, columns.get("status")), splitAlarms(cell(row, columns.get("ai_alarms"))),
                    cell(row, columns.get("owner")), cell(row, columns.get("lon")), cell(row, columns.get("lat")));
            if (checker.full()) {
                break;
            }
        }
        return checker.result(decoded[1]);
    }

    /** {text, encoding name}. */
    static String[] decode(byte[] bytes, @Nullable String declaredCharset) {
        if (declaredCharset != null && !declaredCharset.isBlank()) {
            Charset charset;
            try {
                charset = Charset.forName(declaredCharset.strip());
            } catch (RuntimeException e) {
                throw new Unreadable("Unknown charset '" + declaredCharset + "' in Content-Type; send UTF-8 or GBK.");
            }
            String text = strict(bytes, charset);
            if (text == null) {
                throw new Unreadable("The file is not valid " + charset.name() + " as its Content-Type declares (first bad byte on line "
                        + firstBadLine(bytes, charset) + "); save it as UTF-8, or declare charset=GBK if Excel saved it on a Chinese Windows. Nothing was imported.");
            }
            return new String[] {stripBom(text), charset.name()};
        }
        String utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return new String[] {stripBom(utf8), "UTF-8"};
        }
        String gbk = strict(bytes, GBK);
        if (gbk != null && CJK.matcher(gbk).find()) {
            return new String[] {gbk, "GBK"};
        }
        throw new Unreadable("The file is neither UTF-8 nor GBK text (first byte that is not UTF-8 on line "
                + firstBadLine(bytes, StandardCharsets.UTF_8) + "); save it as \"CSV UTF-8\". Nothing was imported.");
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static @Nullable String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The 1-based line of the first byte that does not decode in {@code charset}. */
    private static int firstBadLine(byte[] bytes, Charset charset) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                byte[] part = java.util.Arrays.copyOfRange(bytes, start, i);
                if (strict(part, charset) == null) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }

    /** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            any = true;
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(ch);
            }
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static @Nullable String cell(List<String> row, @Nullable Integer column) {
        if (column == null || column >= row.size()) {
            return null;
        }
        String s = row.get(column).strip();
        return s.isEmpty() ? null : s;
    }

    private static List<String> splitAlarms(@Nullable String raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : raw.split("[;|、；]")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ GeoJSON

    /** @param parsed the decoded JSON body (a FeatureCollection of Point features) */
    public static Result readGeoJson(@Nullable Object parsed, CoordinateSystem crs) {
        Checker checker = new Checker(crs);
        if (!(parsed instanceof Map<?, ?> root) || !"FeatureCollection".equals(root.get("type"))
                || !(root.get("features") instanceof List<?> features)) {
            checker.issue("", "must be a GeoJSON FeatureCollection with a features array");
            return checker.result(null);
        }
        if (features.size() > MAX_ROWS) {
            checker.issue("/features", "has " + features.size() + " features; at most " + MAX_ROWS + " per import");
            return checker.result(null);
        }
        for (int i = 0; i < features.size() && !checker.full(); i++) {
            String at = "/features/" + i;
            if (!(features.get(i) instanceof Map<?, ?> f)) {
                checker.issue(at, "is not a Feature object");
                continue;
            }
            Map<?, ?> props = f.get("properties") instanceof Map<?, ?> p ? p : Map.of();
            String lon = null;
            String lat = null;
            if (f.get("geometry") instanceof Map<?, ?> g && "Point".equals(g.get("type"))
                    && g.get("coordinates") instanceof List<?> xy && xy.size() >= 2) {
                lon = xy.get(0) == null ? null : xy.get(0).toString();
                lat = xy.get(1) == null ? null : xy.get(1).toString();
            } else {
                checker.issue(at + "/geometry", "must be a Point with coordinates [lon, lat]");
                continue;
            }
            List<String> alarms = new ArrayList<>();
            Object rawAlarms = props.get("aiAlarms") != null ? props.get("aiAlarms") : props.get("ai_alarms");
            if (rawAlarms instanceof List<?> list) {
                list.forEach(a -> alarms.add(String.valueOf(a)));
            } else if (rawAlarms != null) {
                alarms.addAll(splitAlarms(rawAlarms.toString()));
            }
            Object code = props.get("code") != null ? props.get("code") : f.get("id");
            checker.check(at, c -> at + "/properties/" + c, str(code), str(props.get("kind")), str(props.get("name")),
                    str(props.get("status")), alarms, str(props.get("owner")), lon, lat);
        }
        return checker.result(null);
    }

    private static @Nullable String str(@Nullable Object o) {
        return o == null ? null : o.toString().strip();
    }

    /** Collects records and issues over one file. */
    private static final class Checker {
        private final CoordinateSystem crs;
        private final List<ComponentRecord> records = new ArrayList<>();
        private final List<Issue> issues = new ArrayList<>();
        private final Map<String, String> seen = new HashMap<>();

        Checker(CoordinateSystem crs) {
            this.crs = crs;
        }

        boolean full() {
            return issues.size() >= MAX_ISSUES;
        }

        void issue(String where, String detail) {
            if (!full()) {
                issues.add(new Issue(where, detail));
            }
        }

        void check(String source, java.util.function.Function<String, String> at, @Nullable String code, @Nullable String kind,
                   @Nullable String name, @Nullable String status, List<String> alarms, @Nullable String owner,
                   @Nullable String lonText, @Nullable String latText) {
            int before = issues.size();
            if (code == null || !CODE.matcher(code).matches()) {
                issue(at.apply("code"), code == null ? "is missing" : "'" + clip(code) + "' is not a code (1–64 letters, digits, _ . : -)");
            } else if (seen.containsKey(code)) {
                issue(at.apply("code"), "'" + code + "' appears twice in the file (also at " + seen.get(code) + ")");
            } else {
                seen.put(code, source);
            }
            ComponentKind k = ComponentKind.parse(kind).orElse(null);
            if (k == null) {
                issue(at.apply("kind"), kind == null ? "is missing" : "unknown kind '" + clip(kind) + "'; one of " + kinds());
            }
            ComponentStatus s = status == null ? ComponentStatus.NORMAL : ComponentStatus.parse(status).orElse(null);
            if (s == null) {
                issue(at.apply("status"), "unknown status '" + clip(status) + "'; one of normal 正常, fault 故障, offline 离线, maintenance 维修中");
            }
            List<String> alarmKeys = new ArrayList<>();
            for (String a : alarms) {
                AiAlarmKind ak = AiAlarmKind.parse(a).orElse(null);
                if (ak == null) {
                    issue(at.apply("ai_alarms"), "unknown video-AI alarm '" + clip(a) + "'");
                } else if (!alarmKeys.contains(ak.key())) {
                    alarmKeys.add(ak.key());
                }
            }
            if (!alarmKeys.isEmpty() && k != null && k != ComponentKind.CAMERA) {
                issue(at.apply("ai_alarms"), "only cameras raise video-AI alarms, not a " + k.key());
            }
            text(at, "name", name);
            text(at, "owner", owner);
            Double lon = number(at, "lon", lonText, -180, 180);
            Double lat = number(at, "lat", latText, -90, 90);
            if (issues.size() == before && k != null && s != null && lon != null && lat != null) {
                double[] wgs = ChinaCoordinateTransformer.toWgs84(crs, lon, lat);
                records.add(new ComponentRecord(code, k, name, s, alarmKeys, owner, wgs[0], wgs[1], source));
            }
        }

        private void text(java.util.function.Function<String, String> at, String field, @Nullable String value) {
            if (value == null) {
                return;
            }
            if (value.length() > MAX_TEXT_CHARS) {
                issue(at.apply(field), "longer than " + MAX_TEXT_CHARS + " characters");
            } else if (MARKUP.matcher(value).find()) {
                issue(at.apply(field), "must be plain text, not markup or script");
            }
        }

        private @Nullable Double number(java.util.function.Function<String, String> at, String field, @Nullable String raw,
                                        double min, double max) {
            if (raw == null) {
                issue(at.apply(field), "is missing");
                return null;
            }
            double v;
            try {
                v = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                issue(at.apply(field), "'" + clip(raw) + "' is not a number");
                return null;
            }
            if (!Double.isFinite(v) || v < min || v > max) {
                issue(at.apply(field), raw + " is outside " + (int) min + "…" + (int) max);
                return null;
            }
            return v;
        }

        Result result(@Nullable String encoding) {
            return issues.isEmpty() ? new Result(List.copyOf(records), List.of(), encoding)
                    : new Result(List.of(), List.copyOf(issues), encoding);
        }
    }

    private static String kinds() {
        List<String> out = new ArrayList<>();
        for (ComponentKind k : ComponentKind.values()) {
            out.add(k.key() + " " + k.nameZh());
        }
        return String.join(", ", out);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
