package cn.yiwang.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A report as an XLSX workbook (fastexcel, streamed): one sheet named after the kind (月通报 …), the
 * title merged over the table in bold, the title fields, the missing-days note, the Chinese header,
 * the rows and the 合计 row; shares formatted as percentages, the header row frozen. Every text goes
 * in as a string cell, escaped against formula injection ({@link SpreadsheetText}); nothing is ever
 * written as a formula.
 */
final class XlsxReportWriter {

    private XlsxReportWriter() {
    }

    static byte[] write(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        write(report, out);
        return out.toByteArray();
    }

    static void write(Report report, OutputStream out) throws IOException {
        ReportTable table = new ReportTable(report);
        int n = table.columns.size();
        Workbook wb = new Workbook(out, "Yiwang", "1.0");
        Worksheet ws = wb.newWorksheet(report.kind().nameZh());
        int r = 0;
        ws.value(r, 0, SpreadsheetText.escape(table.title()));
        ws.range(r, 0, r, n - 1).merge();
        ws.style(r, 0).bold().fontSize(14).set();
        r++;
        for (String[] m : table.meta()) {
            ws.value(r, 0, m[0]);
            ws.value(r, 1, SpreadsheetText.escape(m[1]));
            r++;
        }
        String note = table.missingNote();
        if (note != null) {
            ws.value(r++, 0, note);
        }
        r++;
        int header = r;
        for (int c = 0; c < n; c++) {
            ws.value(header, c, table.columns.get(c).header());
        }
        ws.range(header, 0, header, n - 1).style().bold().fillColor("DDDDDD").set();
        ws.freezePane(0, header + 1);
        r++;
        int first = r;
        for (ReportRow row : report.rows()) {
            cells(ws, table, row, r++);
        }
        int totalRow = r;
        cells(ws, table, table.totalRow(), r);
        ws.range(totalRow, 0, totalRow, n - 1).style().bold().set();
        for (int c = 0; c < n; c++) {
            ReportTable.Kind kind = table.columns.get(c).kind();
            if (kind == ReportTable.Kind.SHARE) {
                ws.range(first, c, totalRow, c).style().format("0.00%").set();
            } else if (kind == ReportTable.Kind.DECIMAL) {
                ws.range(first, c, totalRow, c).style().format("0.00").set();
            }
        }
        wb.finish();
    }

    private static void cells(Worksheet ws, ReportTable table, ReportRow row, int r) {
        for (int c = 0; c < table.columns.size(); c++) {
            Object v = table.columns.get(c).value().apply(row);
            if (v instanceof Number num) {
                ws.value(r, c, num);
            } else if (v != null) {
                ws.value(r, c, SpreadsheetText.escape(v.toString()));
            }
        }
    }
}
