package cn.yiwang.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A report as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese): the title,
 * one line per title field (统计周期, 范围, 生成人, 生成时间), the missing-days note when there is one, an
 * empty line, the Chinese header, the rows and the 合计 row. Text is escaped against formula injection
 * ({@link SpreadsheetText}) and quoted when needed; numbers are written plain, shares as fractions.
 */
final class CsvReportWriter {

    private CsvReportWriter() {
    }

    static byte[] write(Report report) {
        ReportTable table = new ReportTable(report);
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, List.of(table.title()));
        for (String[] m : table.meta()) {
            line(sb, List.of(m[0], m[1]));
        }
        String note = table.missingNote();
        if (note != null) {
            line(sb, List.of(note));
        }
        sb.append("\r\n");
        line(sb, table.columns.stream().map(ReportTable.Column::header).map(Object.class::cast).toList());
        for (ReportRow r : report.rows()) {
            row(sb, table, r);
        }
        row(sb, table, table.totalRow());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder sb, ReportTable table, ReportRow r) {
        line(sb, table.columns.stream().map(c -> c.value().apply(r)).toList());
    }

    private static void line(StringBuilder sb, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = cells.get(i);
            if (v instanceof Double d) {
                sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d));
            } else if (v instanceof Number n) {
                sb.append(n);
            } else if (v != null) {
                sb.append(quote(SpreadsheetText.escape(v.toString())));
            }
        }
        sb.append("\r\n");
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
