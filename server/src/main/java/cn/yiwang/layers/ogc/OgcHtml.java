package cn.yiwang.layers.ogc;

import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/**
 * The {@code text/html} encoding of the OGC API resources: small, readable bilingual (中文 / English)
 * pages with no script and nothing loaded from elsewhere. Every text that comes from data or from
 * the request — names, ids, property values, link targets — is HTML-escaped by {@link #escape}.
 * Pure; thread-safe.
 */
public final class OgcHtml {

    private static final String STYLE = """
            body{font:15px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0 auto;\
            max-width:1100px;padding:0 16px;color:#1d2733}\
            header{border-bottom:1px solid #d0d7de;padding:10px 0;margin-bottom:12px}\
            table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;\
            vertical-align:top}th{background:#f3f5f7}code{font-size:90%}.links a{margin-right:1em}\
            footer{margin:24px 0;color:#57606a;font-size:13px}""";

    /** A link as the pages show it. */
    public record Link(String href, String text) {
    }

    /** One row of a two-column table. */
    public record Row(String label, String value) {
    }

    private OgcHtml() {
    }

    /** Escapes the five characters that matter in HTML text and quoted attribute values. */
    public static String escape(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /**
     * A whole page.
     *
     * @param title      the page title (plain text)
     * @param breadcrumb links from the landing page down to the parent of this page
     * @param bodyHtml   the page body, already escaped
     * @param jsonHref   the JSON encoding of the same resource
     */
    public static String page(String title, List<Link> breadcrumb, String bodyHtml, String jsonHref) {
        StringBuilder b = new StringBuilder(4096 + bodyHtml.length());
        b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>")
                .append("<header><nav>");
        for (Link l : breadcrumb) {
            b.append(a(l)).append(" › ");
        }
        b.append(escape(title)).append("</nav></header><main><h1>").append(escape(title)).append("</h1>")
                .append(bodyHtml)
                .append("</main><footer>JSON: ").append(a(new Link(jsonHref, jsonHref)))
                .append(" · 一网 Yiwang · OGC API – Features</footer></body></html>\n");
        return b.toString();
    }

    /** {@code <a href="…">text</a>}, both escaped. */
    public static String a(Link link) {
        return "<a href=\"" + escape(link.href()) + "\">" + escape(link.text()) + "</a>";
    }

    /** A paragraph of plain text. */
    public static String p(String text) {
        return "<p>" + escape(text) + "</p>";
    }

    /** A list of links, one a line. */
    public static String links(List<Link> links) {
        StringBuilder b = new StringBuilder("<ul>");
        for (Link l : links) {
            b.append("<li>").append(a(l)).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    /** A two-column table of label and plain-text value. */
    public static String rows(List<Row> rows) {
        StringBuilder b = new StringBuilder("<table>");
        for (Row r : rows) {
            b.append("<tr><th>").append(escape(r.label())).append("</th><td>").append(escape(r.value())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    /**
     * A table of features: the id (linked to the feature's page) and one column per property.
     *
     * @param features   GeoJSON features as decoded maps
     * @param properties the property names, in column order
     * @param itemHref   the page of a feature, from its id
     */
    public static String featureTable(List<Map<String, Object>> features, List<String> properties,
                                      java.util.function.Function<String, String> itemHref) {
        StringBuilder b = new StringBuilder(256 + features.size() * 200);
        b.append("<table><thead><tr><th>id</th>");
        for (String p : properties) {
            b.append("<th>").append(escape(p)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (Map<String, Object> f : features) {
            String id = String.valueOf(f.get("id"));
            b.append("<tr><td>").append(a(new Link(itemHref.apply(id), id))).append("</td>");
            Object props = f.get("properties");
            for (String p : properties) {
                Object v = props instanceof Map<?, ?> m ? m.get(p) : null;
                b.append("<td>").append(escape(v)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}
