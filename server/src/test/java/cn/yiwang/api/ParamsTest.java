package cn.yiwang.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void limitAboveMaximumIsClamped() {
        assertEquals(500, Params.limit("100000", 10, 500));
        assertEquals(10, Params.limit(null, 10, 500));
    }

    @Test
    void limitBelowOneIsRejected() {
        ApiException e = assertThrows(ApiException.class, () -> Params.limit("0", 10, 500));
        assertEquals("limit", e.errors().get(0).parameter());
    }

    @Test
    void bboxIsParsedAndChecked() {
        assertArrayEquals(new double[] {113.5, 34.6, 113.7, 34.8}, Params.bbox(" 113.5,34.6 ,113.7,34.8"));
        assertNull(Params.bbox(""));
        assertTrue(assertThrows(ApiException.class, () -> Params.bbox("113.7,34.6,113.5,34.8")).getMessage().contains("minLon"));
        assertTrue(assertThrows(ApiException.class, () -> Params.bbox("1,2,3,Infinity")).getMessage().contains("finite"));
        assertTrue(assertThrows(ApiException.class, () -> Params.bbox("1,2,3,95")).getMessage().contains("outside"));
    }

    @Test
    void rejectedValuesAreClippedAndSanitisedInMessages() {
        ApiException e = assertThrows(ApiException.class, () -> Params.decimal("lon", "x".repeat(100) + "\n", -180, 180, true));
        assertTrue(e.getMessage().length() < 120, e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
