package cn.yiwang.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ContactMaskTest {

    @Test
    void mobileNumbersKeepTheFirstThreeAndLastFourDigits() {
        assertEquals("138****5678", ContactMask.phone("13812345678"));
        assertEquals("037*****5678", ContactMask.phone("0371-12345678"));
    }

    @Test
    void namesKeepOnlyTheFamilyName() {
        assertEquals("张**", ContactMask.name("张三丰"));
        assertEquals("李*", ContactMask.name("李四"));
        assertEquals("王*", ContactMask.name("王"));
    }

    @Test
    void nothingStaysNothing() {
        assertNull(ContactMask.phone(null));
        assertNull(ContactMask.name(null));
    }
}
