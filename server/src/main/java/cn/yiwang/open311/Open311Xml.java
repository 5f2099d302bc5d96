package cn.yiwang.open311;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.micronaut.core.annotation.Nullable;

/**
 * Writes the GeoReport v2 XML shapes from the same ordered maps the JSON answers serialise (the
 * spec's "Spark convention": a JSON array of objects is a root element holding one element per
 * object). Element names come from this code only; every text value is escaped by the
 * {@link XMLStreamWriter}, and characters that XML 1.0 cannot carry at all (control characters,
 * lone surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD first, so any stored text yields a
 * well-formed document. A null value is an empty element, as in the spec's examples. UTF-8 with
 * the XML declaration, no namespace. Thread-safe.
 */
public final class Open311Xml {

    /** The spec's content type for XML answers. */
    public static final String CONTENT_TYPE = "text/xml;charset=utf-8";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();
    /** Element names of the items of a nested list; other lists drop a trailing "s". */
    private static final Map<String, String> ITEM_NAMES = Map.of("attributes", "attribute", "values", "value");

    /** One error of an {@code <errors>} document. */
    public record Error(int code, String description) {
    }

    private Open311Xml() {
    }

    /** {@code <root><item>…</item>…</root>}, e.g. services/service or service_requests/request. */
    public static byte[] list(String root, String item, List<? extends Map<String, ?>> items) {
        return write(w -> {
            w.writeStartElement(root);
            for (Map<String, ?> m : items) {
                w.writeStartElement(item);
                fields(w, m);
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** {@code <root>fields</root>}, e.g. service_definition. */
    public static byte[] object(String root, Map<String, ?> fields) {
        return write(w -> {
            w.writeStartElement(root);
            fields(w, fields);
            w.writeEndElement();
        });
    }

    /** The spec's error document. */
    public static byte[] errors(List<Error> errors) {
        return write(w -> {
            w.writeStartElement("errors");
            for (Error e : errors) {
                w.writeStartElement("error");
                element(w, "code", Integer.toString(e.code()));
                element(w, "description", e.description());
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    private static void fields(XMLStreamWriter w, Map<String, ?> m) throws XMLStreamException {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof List<?> list) {
                w.writeStartElement(e.getKey());
                String item = ITEM_NAMES.getOrDefault(e.getKey(), e.getKey().replaceFirst("s$", ""));
                for (Object o : list) {
                    if (o instanceof Map<?, ?> nested) {
                        w.writeStartElement(item);
                        fields(w, cast(nested));
                        w.writeEndElement();
                    } else {
                        element(w, item, text(o));
                    }
                }
                w.writeEndElement();
            } else if (v instanceof Map<?, ?> nested) {
                w.writeStartElement(e.getKey());
                fields(w, cast(nested));
                w.writeEndElement();
            } else {
                element(w, e.getKey(), text(v));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static void element(XMLStreamWriter w, String name, @Nullable String text) throws XMLStreamException {
        if (text == null) {
            w.writeEmptyElement(name);
        } else {
            w.writeStartElement(name);
            w.writeCharacters(clean(text));
            w.writeEndElement();
        }
    }

    private static @Nullable String text(@Nullable Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    /** Replaces what XML 1.0 cannot represent (§2.2 Char) with U+FFFD. */
    static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? s : out.toString();
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing Open311 XML failed", e);
        }
        return bytes.toByteArray();
    }
}
