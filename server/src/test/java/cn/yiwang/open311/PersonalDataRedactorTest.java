package cn.yiwang.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PersonalDataRedactorTest {

    @Test
    void mobileNumbersAreMaskedAsElsewhereInTheConsole() {
        assertEquals("请打139****5678联系", PersonalDataRedactor.redact("请打13912345678联系"));
        assertEquals("电话 139****5678。", PersonalDataRedactor.redact("电话 +86 139 1234 5678。"));
    }

    @Test
    void identityCardNumbersKeepOnlyTheirFirstAndLastCharacter() {
        assertEquals("身份证4****************X", PersonalDataRedactor.redact("身份证41010319900101123X"));
    }

    @Test
    void emailAddressesLoseTheirLocalPart() {
        assertEquals("写信到***@example.com", PersonalDataRedactor.redact("写信到li.si@example.com"));
    }

    @Test
    void addressesDatesAndOtherNumbersAreLeftAlone() {
        String text = "3号楼2单元1201室门口，2026年1月5日，编号EQ-20260105-000123，长约120米";
        assertEquals(text, PersonalDataRedactor.redact(text));
        assertNull(PersonalDataRedactor.redact(null));
    }
}
