package cn.yiwang.patrol;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the track points ({@code trk/trkseg/trkpt}: {@code lat}, {@code lon} attributes, {@code time},
 * {@code ele}, and a {@code speed} element in m/s where GPX 1.0 or an extension has one) of a GPX 1.0
 * or 1.1 document as drafts of one device. Hardened against XML attacks: a document with a DOCTYPE
 * is refused outright (no DTD, no entities, internal or external, so no XXE and no entity expansion
 * bombs). Pure and stateless.
 */
public final class GpxTrackReader {

    /** Marks the resolver's refusal of an external DTD or entity (met before the DTD event is reported). */
    private static final String REFUSED = "external-resource-refused";
    private static final XMLInputFactory FACTORY = factory();

    private GpxTrackReader() {
    }

    /**
     * @throws IllegalArgumentException naming the problem: a DOCTYPE, malformed XML, not GPX
     */
    public static List<PatrolFixDraft> read(InputStream in, String deviceId, String crs) {
        List<PatrolFixDraft> drafts = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(in);
            PatrolFixDraft current = null;
            boolean root = true;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new IllegalArgumentException("GPX with a DOCTYPE is not accepted (no DTDs or entities)");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new IllegalArgumentException("GPX with entity references is not accepted");
                }
                if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (root) {
                        if (!"gpx".equals(name)) {
                            throw new IllegalArgumentException("not GPX: the root element is <" + name + ">, not <gpx>");
                        }
                        root = false;
                    } else if ("trkpt".equals(name)) {
                        current = new PatrolFixDraft();
                        current.deviceId = deviceId;
                        current.crs = crs;
                        String lat = r.getAttributeValue(null, "lat");
                        String lon = r.getAttributeValue(null, "lon");
                        current.hasLat = lat != null;
                        current.hasLon = lon != null;
                        if (lat != null) {
                            current.lat = OsmAndRequestReader.number(current, "lat", lat);
                        }
                        if (lon != null) {
                            current.lon = OsmAndRequestReader.number(current, "lon", lon);
                        }
                    } else if (current != null) {
                        switch (name) {
                            case "time" -> current.timestamp = r.getElementText();
                            case "ele" -> current.altitudeM = OsmAndRequestReader.number(current, "ele", r.getElementText());
                            case "speed" -> current.speedMps = OsmAndRequestReader.number(current, "speed", r.getElementText());
                            case "course" -> current.bearingDeg = OsmAndRequestReader.number(current, "course", r.getElementText());
                            default -> {
                                // Other children (name, sat, hdop, extensions' wrappers) are not needed.
                            }
                        }
                    }
                } else if ("trkpt".equals(name) && current != null) {
                    drafts.add(current);
                    current = null;
                }
            }
            if (root) {
                throw new IllegalArgumentException("not GPX: the document is empty");
            }
        } catch (XMLStreamException e) {
            if (e.getMessage() != null && e.getMessage().contains(REFUSED)) {
                throw new IllegalArgumentException("GPX with a DOCTYPE is not accepted (no DTDs or entities)");
            }
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
            throw new IllegalArgumentException("malformed GPX" + where + ": " + e.getMessage().replaceAll("\\s+", " "));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // Closing a reader of a byte stream we own: nothing to recover.
                }
            }
        }
        return drafts;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // DTDs stay "supported" so that a DOCTYPE is reported as a DTD event and refused above, but
        // no external entity is ever resolved and no entity is replaced.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException(REFUSED + " " + systemId);
        });
        return f;
    }
}
