package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class Open311XmlTest {

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static Map<String, Object> item(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void markupInTextIsEscapedAndReadBackVerbatim() throws Exception {
        String evil = "</description><injected/>&amp; <!-- --> <![CDATA[x]]> \"'";
        byte[] xml = Open311Xml.list("service_requests", "request", List.of(item("service_request_id", "EQ-1", "description", evil)));
        Document d = parse(xml);
        assertEquals(evil, d.getElementsByTagName("description").item(0).getTextContent());
        assertEquals(0, d.getElementsByTagName("injected").getLength());
    }

    @Test
    void charactersXmlCannotCarryAreReplacedAndTheRestKept() throws Exception {
        String text = "a\u0000b\u0001c\u001Fd\uFFFEe\uD800f\tg\nh😀i";
        byte[] xml = Open311Xml.object("service_definition", item("service_code", text));
        String read = parse(xml).getDocumentElement().getTextContent();
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\tg\nh😀i", read);
    }

    @Test
    void theDocumentHasTheSpecsShapeNullsAreEmptyElementsAndNumbersArePlain() throws Exception {
        byte[] xml = Open311Xml.object("service_definition", item("service_code", "SRHJ-01", "attributes",
                List.of(item("code", "A", "values", List.of(item("key", "1", "name", "一")))), "zipcode", null, "lat", 0.00001));
        String s = new String(xml, StandardCharsets.UTF_8);
        assertTrue(s.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><service_definition>"), s);
        assertTrue(s.contains("<attributes><attribute><code>A</code><values><value><key>1</key><name>一</name></value></values></attribute></attributes>"), s);
        assertTrue(s.contains("<zipcode/>") && s.contains("<lat>0.00001</lat>"), s);
        parse(xml);
    }

    @Test
    void errorsAreTheSpecsErrorDocument() throws Exception {
        Document d = parse(Open311Xml.errors(List.of(new Open311Xml.Error(403, "api_key: unknown"), new Open311Xml.Error(400, "lat: <95>"))));
        assertEquals("errors", d.getDocumentElement().getTagName());
        Element second = (Element) d.getElementsByTagName("error").item(1);
        assertEquals("400", second.getElementsByTagName("code").item(0).getTextContent());
        assertEquals("lat: <95>", second.getElementsByTagName("description").item(0).getTextContent());
    }
}
