package cn.yiwang.patrol.track;

import java.io.StringWriter;
import java.time.Instant;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a worker's fixes as a GPX 1.1 track ({@code trk/trkseg/trkpt} with {@code time}, speed in
 * m/s as Garmin's TrackPointExtension v2 {@code speed}, and our {@code yw:accuracy} in metres). Text and
 * attributes go through {@link XMLStreamWriter}, which escapes {@code < & > "}; characters XML cannot
 * carry at all (control characters) are dropped from names. Stateless.
 */
public final class GpxTrackWriter {

    static final String GPX_NS = "http://www.topografix.com/GPX/1/1";
    static final String TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";
    static final String YW_NS = "https://yiwang.cn/gpx/1";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private GpxTrackWriter() {
    }

    public static String write(TrackRepository.Worker worker, Instant from, Instant to, TrackRepository.Fixes f) {
        StringWriter out = new StringWriter(256 + f.count() * 200);
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("gpx");
            w.writeDefaultNamespace(GPX_NS);
            w.writeNamespace("gpxtpx", TPX_NS);
            w.writeNamespace("yw", YW_NS);
            w.writeAttribute("version", "1.1");
            w.writeAttribute("creator", "Yiwang 一网");
            w.writeStartElement("metadata");
            element(w, "name", "巡查轨迹 " + clean(worker.displayName()) + " (" + clean(worker.username()) + ")");
            element(w, "desc", from + " – " + to);
            element(w, "time", Instant.now().toString());
            w.writeEndElement();
            w.writeStartElement("trk");
            element(w, "name", clean(worker.displayName()));
            w.writeStartElement("trkseg");
            for (int i = 0; i < f.count(); i++) {
                w.writeStartElement("trkpt");
                w.writeAttribute("lat", Double.toString(f.lat()[i]));
                w.writeAttribute("lon", Double.toString(f.lon()[i]));
                element(w, "time", Instant.ofEpochSecond(f.epochSeconds()[i]).toString());
                boolean speed = !Float.isNaN(f.speedMps()[i]);
                boolean acc = !Float.isNaN(f.accuracyM()[i]);
                if (speed || acc) {
                    w.writeStartElement("extensions");
                    if (speed) {
                        w.writeStartElement("gpxtpx", "TrackPointExtension", TPX_NS);
                        w.writeStartElement("gpxtpx", "speed", TPX_NS);
                        w.writeCharacters(Float.toString(f.speedMps()[i]));
                        w.writeEndElement();
                        w.writeEndElement();
                    }
                    if (acc) {
                        w.writeStartElement("yw", "accuracy", YW_NS);
                        w.writeCharacters(Float.toString(f.accuracyM()[i]));
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing GPX failed", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    /** Drops the characters XML 1.0 cannot carry (escaping cannot help them). */
    static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(cp -> cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
