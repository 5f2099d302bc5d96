package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OgcFormatTest {

    @Test
    void fParameterWinsOverAccept() {
        assertEquals(OgcFormat.HTML, OgcFormat.select("html", "application/json"));
        assertEquals(OgcFormat.JSON, OgcFormat.select("JSON", "text/html"));
    }

    @Test
    void unknownFIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> OgcFormat.select("xml", null));
    }

    @Test
    void browserAcceptGetsHtml() {
        assertEquals(OgcFormat.HTML, OgcFormat.select(null,
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"));
    }

    @Test
    void gdalAcceptGetsJson() {
        assertEquals(OgcFormat.JSON, OgcFormat.select(null, "application/geo+json, application/json"));
        assertEquals(OgcFormat.JSON, OgcFormat.select(null, "application/vnd.oai.openapi+json;version=3.0, application/json"));
    }

    @Test
    void wildcardOrNoAcceptGetsJson() {
        assertEquals(OgcFormat.JSON, OgcFormat.select(null, "*/*"));
        assertEquals(OgcFormat.JSON, OgcFormat.select(null, null));
    }

    @Test
    void htmlRankedBelowJsonGetsJson() {
        assertEquals(OgcFormat.JSON, OgcFormat.select(null, "text/html;q=0.5, application/json"));
        assertEquals(OgcFormat.HTML, OgcFormat.select(null, "text/html, application/json;q=0.5"));
    }
}
