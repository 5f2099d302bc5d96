package cn.yiwang.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoordinateSystemTest {

    @ParameterizedTest(name = "\"{0}\" parses to {1}")
    @CsvSource({
        "wgs84, WGS84",
        "WGS84, WGS84",
        "epsg:4326, WGS84",
        "EPSG:4326, WGS84",
        "gcj02, GCJ02",
        "GCJ-02, GCJ02",
        "gcj-02, GCJ02",
        "bd09, BD09",
        "BD-09, BD09",
        "Bd-09, BD09",
        "cgcs2000, CGCS2000",
        "CGCS2000, CGCS2000",
        "epsg:4490, CGCS2000",
        "'  gcj02 ', GCJ02"
    })
    void parseAcceptsDocumentedSpellingsCaseInsensitively(String text, CoordinateSystem expected) {
        assertEquals(expected, CoordinateSystem.parse(text));
    }

    @Test
    void parseRejectsUnknownNameNamingTheValueAndListingAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinateSystem.parse("mars84"));
        assertTrue(e.getMessage().contains("mars84"), e.getMessage());
        for (String accepted : new String[] {"wgs84", "gcj02", "gcj-02", "bd09", "bd-09", "cgcs2000",
                "epsg:4326", "epsg:4490"}) {
            assertTrue(e.getMessage().contains(accepted), "message lists " + accepted + ": " + e.getMessage());
        }
    }

    @Test
    void parseRejectsOtherEpsgCodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinateSystem.parse("EPSG:3857"));
        assertTrue(e.getMessage().contains("EPSG:3857"), e.getMessage());
    }

    @Test
    void parseRejectsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinateSystem.parse(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void parseRejectsBlank() {
        assertThrows(IllegalArgumentException.class, () -> CoordinateSystem.parse("  "));
    }
}
