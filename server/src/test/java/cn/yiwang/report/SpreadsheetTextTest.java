package cn.yiwang.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpreadsheetTextTest {

    @Test
    void textAFormulaWouldStartWithGetsAnApostrophe() {
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", SpreadsheetText.escape("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("'+1", SpreadsheetText.escape("+1"));
        assertEquals("'-2+3", SpreadsheetText.escape("-2+3"));
        assertEquals("'@SUM(A1)", SpreadsheetText.escape("@SUM(A1)"));
        assertEquals("'\tx", SpreadsheetText.escape("\tx"));
        assertEquals("'\rx", SpreadsheetText.escape("\rx"));
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        assertEquals("淮河路街道", SpreadsheetText.escape("淮河路街道"));
        assertEquals("a=b", SpreadsheetText.escape("a=b"));
        assertEquals("", SpreadsheetText.escape(""));
    }
}
