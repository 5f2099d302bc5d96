package cn.yiwang.report;

/**
 * Text for a spreadsheet cell that a spreadsheet will never run: a value starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return (which Excel, LibreOffice and Google
 * Sheets may read as a formula, the CSV injection of OWASP) gets a leading apostrophe, so
 * {@code =HYPERLINK("http://x","点我")} is shown as written. Numbers are written as numbers by the
 * exporters and never pass through here. Pure and thread-safe.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    public static String escape(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + text : text;
    }
}
