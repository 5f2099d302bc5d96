package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void plusAndPercentEscapesDecodeAsUtf8() {
        FormBody f = FormBody.parse("description=%E5%9E%83%E5%9C%BE+%E6%BB%A1%E6%BA%A2&email=a%40b.cn&lat=34.7");
        assertEquals("垃圾 满溢", f.first("description"));
        assertEquals("a@b.cn", f.first("email"));
        assertEquals(List.of("description", "email", "lat"), f.names());
    }

    @Test
    void repeatedParametersKeepEveryValueAndEmptyOnesCountAsAbsent() {
        FormBody f = FormBody.parse("attribute%5Bx%5D%5B%5D=1&attribute%5Bx%5D%5B%5D=2&phone=&flag&&");
        assertEquals(List.of("1", "2"), f.all("attribute[x][]"));
        assertTrue(f.repeated("attribute[x][]"));
        assertNull(f.first("phone"));
        assertNull(f.first("flag"));
        assertEquals(List.of(), f.all("missing"));
        assertEquals(List.of(), FormBody.parse(null).names());
    }

    @Test
    void aMalformedPercentEscapeIsRefusedNamingThePair() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FormBody.parse("a=1&b=%zz"));
        assertEquals("pair 2 has a malformed percent escape", e.getMessage());
    }
}
