package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OgcHtmlTest {

    @Test
    void escapeCoversTheFiveSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;", OgcHtml.escape("<a href=\"x\" title='y'>&</a>"));
        assertEquals("", OgcHtml.escape(null));
        assertEquals("淮河路街道", OgcHtml.escape("淮河路街道"));
    }

    @Test
    void featureTableEscapesIdsValuesAndLinks() {
        String html = OgcHtml.featureTable(
                List.of(Map.of("id", "<b>1</b>", "properties", Map.of("name", "<script>alert(1)</script>"))),
                List.of("name"), id -> "/x?id=" + id + "&y=\"");
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("href=\"/x?id=&lt;b&gt;1&lt;/b&gt;&amp;y=&quot;\""), html);
    }

    @Test
    void pageEscapesItsTitle() {
        String html = OgcHtml.page("<i>t</i>", List.of(new OgcHtml.Link("/a", "<home>")), "<p>body</p>", "/j?f=json&x=1");
        assertFalse(html.contains("<i>"), html);
        assertTrue(html.contains("<title>&lt;i&gt;t&lt;/i&gt;</title>"), html);
        assertTrue(html.contains("&lt;home&gt;"), html);
        assertTrue(html.contains("href=\"/j?f=json&amp;x=1\""), html);
        assertTrue(html.contains("<p>body</p>"), html);
    }
}
