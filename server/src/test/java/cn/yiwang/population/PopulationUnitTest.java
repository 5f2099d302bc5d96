package cn.yiwang.population;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The pure parts of the population base: ID numbers, masks, the cipher, the CSV reader, the demo generator. */
class PopulationUnitTest {

    static final Set<String> TAGS = Set.of("elderly_alone", "key_care");

    @Test
    void aKnownIdNumberHasItsCheckCharacter() {
        // The GB 11643 example number 11010519491231002X.
        assertEquals('X', IdNumbers.checkCharacter("11010519491231002"));
        assertTrue(IdNumbers.valid("11010519491231002X"));
        assertFalse(IdNumbers.valid("110105194912310021"));
        assertFalse(IdNumbers.valid("11010519490231002X"), "31 February");
    }

    @Test
    void testIdNumbersAreValidInTheImpossibleRegion() {
        String id = IdNumbers.test(LocalDate.of(1950, 3, 7), 123);
        assertTrue(id.startsWith(IdNumbers.TEST_REGION + "19500307123"), id);
        assertTrue(IdNumbers.valid(id), id);
    }

    @Test
    void masksKeepOnlyWhatIsNeeded() {
        assertEquals("张*丰", ResidentMask.name("张三丰"));
        assertEquals("张*", ResidentMask.name("张三"));
        assertEquals("欧**月", ResidentMask.name("欧阳明月"));
        assertEquals("138****5678", ResidentMask.phone("13812345678"));
        assertEquals("99**************3X", ResidentMask.idNumber("99000019500307123X"));
    }

    @Test
    void theCipherRoundTripsAndRefusesAnotherKey() {
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        k2[0] = 1;
        PersonalDataCipher a = new PersonalDataCipher(k1);
        byte[] sealed = a.encrypt("13812345678");
        assertEquals("13812345678", a.decrypt(sealed));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("1381234"));
        assertThrows(IllegalArgumentException.class, () -> new PersonalDataCipher(k2).decrypt(sealed));
        assertArrayEquals(a.index("11010519491231002x"), a.index(" 11010519491231002X"));
        assertFalse(java.util.Arrays.equals(a.index("11010519491231002X"), new PersonalDataCipher(k2).index("11010519491231002X")));
    }

    @Test
    void aGbkFileIsReadAsGbk() {
        String csv = "姓名,身份证号,楼栋编号,单元,楼层,房号,标签\n王小明,11010519491231002X,B-1,1,3,302,elderly_alone\n";
        ResidentCsvReader.Result r = ResidentCsvReader.read(csv.getBytes(Charset.forName("GBK")), null, 100, TAGS::contains);
        assertEquals("GBK", r.charset());
        assertTrue(r.ok(), r.issues().toString());
        assertEquals("王小明", r.rows().get(0).name());
        assertEquals(List.of("elderly_alone"), r.rows().get(0).tags());
    }

    @Test
    void bytesThatAreNeitherUtf8NorGbkAreRefused() {
        byte[] junk = {(byte) 0x80, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x0A};
        assertThrows(ResidentCsvReader.EncodingException.class, () -> ResidentCsvReader.read(junk, null, 100, TAGS::contains));
    }

    @Test
    void duplicateIdsAndBadCellsAreReportedByRow() {
        String csv = "\uFEFFname,id_number,building_id,unit,floor,room,gender\n"
                + "甲,11010519491231002X,B-1,1,3,302,M\n"
                + "乙,11010519491231002x,B-1,1,3,301,F\n"
                + "丙,110105194912310021,B-1,x,3,301,?\n";
        ResidentCsvReader.Result r = ResidentCsvReader.read(csv.getBytes(StandardCharsets.UTF_8), null, 100, TAGS::contains);
        assertEquals("UTF-8", r.charset());
        assertEquals(3, r.issues().get(0).row());
        assertEquals("id_number", r.issues().get(0).column());
        assertTrue(r.issues().get(0).detail().contains("row 2"), r.issues().get(0).detail());
        assertTrue(r.issues().stream().anyMatch(i -> i.row() == 4 && "unit".equals(i.column())));
        assertTrue(r.issues().stream().anyMatch(i -> i.row() == 4 && "gender".equals(i.column())));
    }

    @Test
    void theDemoGeneratorIsDeterministicAndFake() {
        List<DemoResidentGenerator.TagShare> tags = List.of(new DemoResidentGenerator.TagShare("elderly_alone", 0.5));
        DemoResidentGenerator.Person p = DemoResidentGenerator.person(1, 42, 0, tags);
        assertEquals(p, DemoResidentGenerator.person(1, 42, 0, tags));
        assertTrue(p.phone().startsWith(DemoResidentGenerator.TEST_PHONE_PREFIX) && p.phone().length() == 11, p.phone());
        assertTrue(p.idNumber().startsWith(IdNumbers.TEST_REGION) && IdNumbers.valid(p.idNumber()), p.idNumber());
    }
}
