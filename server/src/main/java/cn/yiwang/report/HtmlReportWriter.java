package cn.yiwang.report;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A report as a printable page: A4 landscape, 红头 style (the issuing centre's name in red over a red
 * rule, the report title under it), the title fields, the table with Chinese headers and the 合计 row,
 * the missing-days note. Self-contained (inline CSS, no script, nothing loaded from anywhere); every
 * text is HTML-escaped.
 */
final class HtmlReportWriter {

    private static final String CSS = """
            @page { size: A4 landscape; margin: 12mm 10mm; }
            body { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; margin: 0 auto;
                   max-width: 277mm; font-size: 10pt; }
            .red-head { text-align: center; color: #c00; font-size: 24pt; font-weight: bold; letter-spacing: 4pt; margin: 6mm 0 2mm; }
            .red-rule { border: 0; border-top: 2px solid #c00; border-bottom: 1px solid #c00; height: 2px; margin: 0 0 4mm; }
            h1 { text-align: center; font-size: 16pt; margin: 0 0 3mm; }
            .meta { display: flex; flex-wrap: wrap; justify-content: center; gap: 2mm 8mm; margin: 0 0 4mm; }
            .note { color: #a00; margin: 2mm 0; }
            table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
            th, td { border: 1px solid #444; padding: 1mm 1.2mm; }
            th { background: #eee; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            tr.total td { font-weight: bold; }
            thead { display: table-header-group; }
            tr { page-break-inside: avoid; }
            """;

    private HtmlReportWriter() {
    }

    static byte[] write(Report report) {
        ReportTable table = new ReportTable(report);
        StringBuilder sb = new StringBuilder(4096 + report.rows().size() * 400);
        sb.append("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").append(esc(table.title()))
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        sb.append("<div class=\"red-head\">").append(esc(report.scopeName())).append("网格化服务管理中心</div><hr class=\"red-rule\">\n");
        sb.append("<h1>").append(esc(report.period().label() + " " + report.level().nameZh() + report.kind().nameZh())).append("</h1>\n");
        sb.append("<div class=\"meta\">");
        for (String[] m : table.meta()) {
            sb.append("<span>").append(esc(m[0])).append("：").append(esc(m[1])).append("</span>");
        }
        sb.append("</div>\n");
        String note = table.missingNote();
        if (note != null) {
            sb.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        sb.append("<table><thead><tr>");
        for (ReportTable.Column c : table.columns) {
            sb.append("<th>").append(esc(c.header())).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        for (ReportRow r : report.rows()) {
            row(sb, table, r, "");
        }
        row(sb, table, table.totalRow(), " class=\"total\"");
        sb.append("</tbody></table>\n</body></html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder sb, ReportTable table, ReportRow r, String attrs) {
        sb.append("<tr").append(attrs).append('>');
        for (ReportTable.Column c : table.columns) {
            Object v = c.value().apply(r);
            boolean number = v instanceof Number;
            sb.append(number ? "<td class=\"n\">" : "<td>").append(esc(text(c, v))).append("</td>");
        }
        sb.append("</tr>\n");
    }

    static String text(ReportTable.Column c, Object v) {
        if (v == null) {
            return "";
        }
        if (c.kind() == ReportTable.Kind.SHARE && v instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f%%", d * 100);
        }
        if (c.header().equals("名次变化") && v instanceof Integer i) {
            return i > 0 ? "↑" + i : i < 0 ? "↓" + (-i) : "—";
        }
        return v.toString();
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
