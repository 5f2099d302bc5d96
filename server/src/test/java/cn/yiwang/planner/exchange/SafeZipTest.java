package cn.yiwang.planner.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SafeZipTest {

    @Test
    void entriesComeBackAsWritten() throws Exception {
        Map<String, byte[]> in = new LinkedHashMap<>();
        in.put("grids.shp", new byte[] {1, 2, 3});
        in.put("grids.dbf", new byte[] {4});
        Map<String, byte[]> out = SafeZip.unpack(ShapefileBytes.zip(in), 16, 1000);
        assertEquals(in.keySet(), out.keySet());
        assertArrayEquals(new byte[] {1, 2, 3}, out.get("grids.shp"));
    }

    @Test
    void namesLeavingTheArchiveAreUnsafe() {
        assertTrue(SafeZip.unsafe("../grids.shp"));
        assertTrue(SafeZip.unsafe("a/../../grids.shp"));
        assertTrue(SafeZip.unsafe("/etc/passwd"));
        assertTrue(SafeZip.unsafe("C:/grids.shp"));
        assertTrue(SafeZip.unsafe("a\\..\\grids.shp"));
        assertFalse(SafeZip.unsafe("layer/grids.shp"));
        assertFalse(SafeZip.unsafe("grids..shp"));
    }

    @Test
    void aZipBombIsRefusedWhileInflating() throws Exception {
        byte[] bomb = ShapefileBytes.zip(Map.of("zeros.dbf", new byte[5_000_000]));
        assertTrue(bomb.length < 20_000, "the test zip should be small: " + bomb.length);
        ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> SafeZip.unpack(bomb, 16, 1_000_000));
        assertTrue(e.getMessage().contains("inflates to more than 1000000"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        Map<String, byte[]> in = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            in.put("f" + i, new byte[1]);
        }
        assertThrows(ImportRefusedException.class, () -> SafeZip.unpack(ShapefileBytes.zip(in), 4, 1000));
    }

    @Test
    void somethingThatIsNotAZipIsRefused() {
        assertThrows(ImportRefusedException.class, () -> SafeZip.unpack("{\"type\":1}".getBytes(), 4, 1000));
    }
}
