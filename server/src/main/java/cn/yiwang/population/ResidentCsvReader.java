package cn.yiwang.population;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a CSV of residents (RFC 4180: commas, double quotes, CRLF or LF) and checks every row on its
 * own; database checks (buildings, IDs already stored) are the importer's. The first line names the
 * columns, in English or Chinese: {@code name 姓名}, {@code id_number 身份证号}, {@code phone 电话},
 * {@code gender 性别} (M/F, 男/女), {@code birth_year 出生年份}, {@code building_id 楼栋编号},
 * {@code unit 单元}, {@code floor 楼层}, {@code room 房号}, {@code tags 标签} (codes separated by
 * {@code ;} or {@code |}). name, id_number, building_id, unit, floor and room are required.
 *
 * <p>Encoding: a UTF-8 byte-order mark means UTF-8; otherwise the bytes must decode as strict UTF-8,
 * and when they do not, as strict GBK (what Excel on a Chinese Windows saves); bytes that are
 * neither are refused. A caller may name the charset instead. Rows are numbered from 1 for the
 * header line, so row 2 is the first resident, as in a spreadsheet. Pure and thread-safe.
 */
public final class ResidentCsvReader {

    /** At most this many issues are listed. */
    public static final int MAX_ISSUES = 50;

    static final Charset GBK = Charset.forName("GBK");

    private static final Map<String, String> COLUMNS = new HashMap<>();

    static {
        String[][] pairs = {{"name", "姓名"}, {"id_number", "身份证号"}, {"phone", "电话"}, {"gender", "性别"}, {"birth_year", "出生年份"},
            {"building_id", "楼栋编号"}, {"unit", "单元"}, {"floor", "楼层"}, {"room", "房号"}, {"tags", "标签"}};
        for (String[] p : pairs) {
            COLUMNS.put(p[0], p[0]);
            COLUMNS.put(p[1], p[0]);
        }
    }

    private static final List<String> REQUIRED = List.of("name", "id_number", "building_id", "unit", "floor", "room");

    /** One resident row, checked. {@code row}: line number counted as a spreadsheet does (header = 1). */
    public record Row(int row, String name, String idNumber, String phone, String gender, Integer birthYear, String buildingId,
                      int unit, int floor, String room, List<String> tags) {
    }

    /** A problem: which row (0 for the file as a whole), which column (or null), what is wrong. */
    public record Issue(int row, String column, String detail) {
    }

    public record Result(String charset, List<Row> rows, List<Issue> issues) {
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    /** Thrown when the bytes are not text in a supported encoding. */
    public static final class EncodingException extends IllegalArgumentException {
        public EncodingException(String message) {
            super(message);
        }
    }

    private ResidentCsvReader() {
    }

    /** The text of {@code body} and the charset it was read in. */
    public static Map.Entry<String, String> decode(byte[] body, String charsetName) {
        if (charsetName != null && !charsetName.isBlank()) {
            Charset cs;
            try {
                cs = Charset.forName(charsetName.strip());
            } catch (IllegalArgumentException e) {
                throw new EncodingException("charset '" + charsetName + "' is not supported; use UTF-8 or GBK");
            }
            String text = strict(body, cs);
            if (text == null) {
                throw new EncodingException("the file is not valid " + cs.name() + " text");
            }
            return Map.entry(cs.name(), stripBom(text));
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            String text = strict(body, StandardCharsets.UTF_8);
            if (text == null) {
                throw new EncodingException("the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
            }
            return Map.entry("UTF-8", stripBom(text));
        }
        String utf8 = strict(body, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return Map.entry("UTF-8", utf8);
        }
        String gbk = strict(body, GBK);
        if (gbk != null) {
            return Map.entry("GBK", gbk);
        }
        throw new EncodingException("the file is neither UTF-8 nor GBK text; save it as CSV UTF-8 and import again");
    }

    /**
     * @param knownTag whether a tag code exists
     */
    public static Result read(byte[] body, String charsetName, int maxRows, Predicate<String> knownTag) {
        Map.Entry<String, String> decoded = decode(body, charsetName);
        List<List<String>> records = parse(decoded.getValue());
        List<Issue> issues = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        if (records.isEmpty()) {
            return new Result(decoded.getKey(), rows, List.of(new Issue(0, null, "the file is empty; the first line must name the columns")));
        }
        Map<String, Integer> at = new LinkedHashMap<>();
        List<String> header = records.get(0);
        for (int i = 0; i < header.size(); i++) {
            String key = COLUMNS.get(header.get(i).strip().toLowerCase(Locale.ROOT));
            if (key == null) {
                issues.add(new Issue(1, header.get(i), "unknown column '" + header.get(i) + "'; known: " + String.join(", ", REQUIRED)
                        + ", phone, gender, birth_year, tags (or their Chinese names)"));
            } else if (at.putIfAbsent(key, i) != null) {
                issues.add(new Issue(1, header.get(i), "column '" + key + "' appears twice"));
            }
        }
        for (String r : REQUIRED) {
            if (!at.containsKey(r)) {
                issues.add(new Issue(1, r, "required column '" + r + "' is missing"));
            }
        }
        if (!issues.isEmpty()) {
            return new Result(decoded.getKey(), rows, issues);
        }
        if (records.size() - 1 > maxRows) {
            return new Result(decoded.getKey(), rows, List.of(new Issue(0, null, "the file has " + (records.size() - 1)
                    + " rows; at most " + maxRows + " may be imported at once")));
        }
        Map<String, Integer> seenIds = new HashMap<>();
        for (int k = 1; k < records.size() && issues.size() < MAX_ISSUES; k++) {
            List<String> rec = records.get(k);
            int line = k + 1;
            if (rec.size() == 1 && rec.get(0).isBlank()) {
                continue;
            }
            Row row = row(line, rec, at, issues, knownTag);
            if (row == null) {
                continue;
            }
            Integer first = seenIds.putIfAbsent(row.idNumber(), line);
            if (first != null) {
                issues.add(new Issue(line, "id_number", "ID number " + ResidentMask.idNumber(row.idNumber()) + " already appears in row " + first));
                continue;
            }
            rows.add(row);
        }
        if (rows.isEmpty() && issues.isEmpty()) {
            issues.add(new Issue(0, null, "the file has a header but no resident rows"));
        }
        return new Result(decoded.getKey(), rows, issues);
    }

    private static Row row(int line, List<String> rec, Map<String, Integer> at, List<Issue> issues, Predicate<String> knownTag) {
        int before = issues.size();
        Map<String, String> v = new HashMap<>();
        at.forEach((k, i) -> v.put(k, i < rec.size() ? rec.get(i).strip() : ""));
        for (String r : REQUIRED) {
            if (v.get(r).isEmpty()) {
                issues.add(new Issue(line, r, r + " is empty"));
            }
        }
        String name = v.get("name");
        if (name.codePointCount(0, name.length()) > 50) {
            issues.add(new Issue(line, "name", "name is longer than 50 characters"));
        }
        String id = v.get("id_number").toUpperCase(Locale.ROOT);
        if (!id.isEmpty() && !IdNumbers.valid(id)) {
            issues.add(new Issue(line, "id_number", "'" + ResidentMask.idNumber(id) + "' is not a valid 18-character ID number (date or check digit wrong)"));
        }
        String phone = v.getOrDefault("phone", "");
        if (!phone.isEmpty() && !phone.matches("[0-9+\\- ]{5,20}")) {
            issues.add(new Issue(line, "phone", "phone must be 5–20 digits"));
        }
        String gender = switch (v.getOrDefault("gender", "")) {
            case "" -> null;
            case "M", "m", "男" -> "M";
            case "F", "f", "女" -> "F";
            default -> {
                issues.add(new Issue(line, "gender", "gender must be M/F or 男/女"));
                yield null;
            }
        };
        Integer birthYear = integer(line, "birth_year", v.getOrDefault("birth_year", ""), 1880, 2100, false, issues);
        Integer unit = integer(line, "unit", v.get("unit"), 1, 99, true, issues);
        Integer floor = integer(line, "floor", v.get("floor"), -5, 200, true, issues);
        String room = v.get("room");
        if (!room.isEmpty() && !room.matches("[0-9A-Za-z-]{1,16}")) {
            issues.add(new Issue(line, "room", "room must be 1–16 letters, digits or '-'"));
        }
        String building = v.get("building_id");
        if (!building.isEmpty() && !building.matches("[0-9A-Za-z_.:-]{1,64}")) {
            issues.add(new Issue(line, "building_id", "'" + building + "' is not a building id"));
        }
        List<String> tags = new ArrayList<>();
        for (String t : v.getOrDefault("tags", "").split("[;|；]")) {
            String tag = t.strip();
            if (tag.isEmpty()) {
                continue;
            }
            if (!knownTag.test(tag)) {
                issues.add(new Issue(line, "tags", "unknown tag '" + tag + "'"));
            } else if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        if (issues.size() > before) {
            return null;
        }
        return new Row(line, name, id, phone.isEmpty() ? null : phone, gender, birthYear, building, unit, floor, room, tags);
    }

    private static Integer integer(int line, String column, String raw, int min, int max, boolean required, List<Issue> issues) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < min || n > max) {
                issues.add(new Issue(line, column, column + " " + n + " is outside " + min + "–" + max));
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            issues.add(new Issue(line, column, column + " '" + raw + "' is not a whole number"));
            return null;
        }
    }

    /** RFC 4180 records (quoted fields may hold commas, quotes as "" and line breaks). */
    static List<List<String>> parse(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                rec.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                rec.add(field.toString());
                field.setLength(0);
                out.add(rec);
                rec = new ArrayList<>();
                any = false;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }

    private static String strict(byte[] body, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Columns a row may have (for documentation and tests). */
    static Set<String> columns() {
        return Set.copyOf(COLUMNS.values());
    }
}
