package cn.yiwang.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifReaderTest {

    /** Positions are written with seconds to 1/10000, i.e. about 3 mm. */
    static final double TOLERANCE_DEGREES = 1e-7;

    @ParameterizedTest(name = "{0}, {1} ({2} endian)")
    @CsvSource({
        "34.7466, 113.6253, big",
        "34.7466, 113.6253, little",
        "-33.8568, 151.2153, big",
        "40.6892, -74.0445, little",
        "-22.9519, -43.2105, big"})
    void gpsPositionIsReadWithItsHemisphereRefs(double lat, double lon, String endian) {
        TiffBuilder t = endian.equals("big") ? TiffBuilder.bigEndian() : TiffBuilder.littleEndian();
        t.position(lat, lon);
        ExifData exif = ExifReader.read(t.build());
        assertEquals(lat, exif.latitude(), TOLERANCE_DEGREES);
        assertEquals(lon, exif.longitude(), TOLERANCE_DEGREES);
    }

    @Test
    void cameraExifGivesPositionTimeOffsetAndOrientation() {
        ExifData exif = ExifReader.read(TestImages.cameraExif(34.7466, 113.6253, 6));
        assertEquals(34.7466, exif.latitude(), TOLERANCE_DEGREES);
        assertEquals(113.6253, exif.longitude(), TOLERANCE_DEGREES);
        assertEquals(LocalDateTime.of(2024, 5, 1, 9, 30, 15), exif.takenAt());
        assertEquals(ZoneOffset.ofHours(8), exif.takenAtOffset());
        assertEquals(6, exif.orientation());
    }

    @Test
    void aJpegStyleExifHeaderBeforeTheTiffIsSkipped() {
        byte[] tiff = TestImages.cameraExif(34.7, 113.6, 1);
        byte[] withHeader = TestImages.concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), tiff);
        assertEquals(34.7, ExifReader.read(withHeader).latitude(), TOLERANCE_DEGREES);
    }

    @Test
    void degreesWithMinutesOnlyAndDecimalDegreesAreAccepted() {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.gps.add(t.ascii(ExifReader.TAG_GPS_LATITUDE_REF, "N"));
        t.gps.add(t.rationals(ExifReader.TAG_GPS_LATITUDE, 34, 1, 4479, 100));
        t.gps.add(t.ascii(ExifReader.TAG_GPS_LONGITUDE_REF, "E"));
        t.gps.add(t.rationals(ExifReader.TAG_GPS_LONGITUDE, 1136253, 10000));
        ExifData exif = ExifReader.read(t.build());
        assertEquals(34 + 44.79 / 60, exif.latitude(), 1e-9);
        assertEquals(113.6253, exif.longitude(), 1e-9);
    }

    @Test
    void aPositionWithoutItsRefIsIgnored() {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.gps.add(t.dms(ExifReader.TAG_GPS_LATITUDE, 34.7));
        t.gps.add(t.ascii(ExifReader.TAG_GPS_LONGITUDE_REF, "E"));
        t.gps.add(t.dms(ExifReader.TAG_GPS_LONGITUDE, 113.6));
        assertNull(ExifReader.read(t.build()).latitude());
    }

    @Test
    void aZeroDenominatorMeansNoPosition() {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.gps.add(t.ascii(ExifReader.TAG_GPS_LATITUDE_REF, "N"));
        t.gps.add(t.rationals(ExifReader.TAG_GPS_LATITUDE, 34, 1, 0, 0, 0, 1));
        t.gps.add(t.ascii(ExifReader.TAG_GPS_LONGITUDE_REF, "E"));
        t.gps.add(t.dms(ExifReader.TAG_GPS_LONGITUDE, 113.6));
        ExifData exif = ExifReader.read(t.build());
        assertNull(exif.latitude());
        assertNull(exif.longitude());
    }

    @Test
    void aVoidFixOrNullIslandOrAnOutOfRangeLatitudeMeansNoPosition() {
        TiffBuilder v = TiffBuilder.bigEndian().position(34.7, 113.6);
        v.gps.add(v.ascii(ExifReader.TAG_GPS_STATUS, "V"));
        assertNull(ExifReader.read(v.build()).latitude());
        assertNull(ExifReader.read(TiffBuilder.littleEndian().position(0, 0).build()).latitude());
        TiffBuilder far = TiffBuilder.bigEndian();
        far.gps.add(far.ascii(ExifReader.TAG_GPS_LATITUDE_REF, "N"));
        far.gps.add(far.rationals(ExifReader.TAG_GPS_LATITUDE, 91, 1, 0, 1, 0, 1));
        far.gps.add(far.ascii(ExifReader.TAG_GPS_LONGITUDE_REF, "E"));
        far.gps.add(far.dms(ExifReader.TAG_GPS_LONGITUDE, 113.6));
        assertNull(ExifReader.read(far.build()).latitude());
    }

    @ParameterizedTest
    @CsvSource({"'0000:00:00 00:00:00'", "'    :  :     :  :  '", "'2024:13:45 25:61:00'", "'yesterday'"})
    void blankOrImpossibleTimesAreAbsent(String value) {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.exif.add(t.ascii(ExifReader.TAG_DATE_TIME_ORIGINAL, value));
        assertNull(ExifReader.read(t.build()).takenAt());
    }

    @Test
    void theDigitizedTimeStandsInForAMissingOriginalTime() {
        TiffBuilder t = TiffBuilder.littleEndian();
        t.exif.add(t.ascii(ExifReader.TAG_DATE_TIME_DIGITIZED, "2023:12:31 23:59:59"));
        ExifData exif = ExifReader.read(t.build());
        assertEquals(LocalDateTime.of(2023, 12, 31, 23, 59, 59), exif.takenAt());
        assertNull(exif.takenAtOffset());
    }

    @Test
    void aGpsPointerBackToIfd0IsReadNoMoreThanOnce() {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.ifd0.add(t.longValue(ExifReader.TAG_GPS_IFD, 8));
        t.ifd0.add(t.longValue(ExifReader.TAG_EXIF_IFD, 8));
        ExifData exif = ExifReader.read(t.build());
        assertSame(ExifData.NONE.latitude(), exif.latitude());
        assertEquals(1, exif.orientation());
    }

    @Test
    void subIfdPointersPastTheEndOrIntoTheHeaderAreIgnored() {
        TiffBuilder t = TiffBuilder.littleEndian();
        t.ifd0.add(t.shortValue(ExifReader.TAG_ORIENTATION, 3));
        t.ifd0.add(t.longValue(ExifReader.TAG_GPS_IFD, 0xFFFFFFF0L));
        t.ifd0.add(t.longValue(ExifReader.TAG_EXIF_IFD, 4));
        ExifData exif = ExifReader.read(t.build());
        assertNull(exif.latitude());
        assertNull(exif.takenAt());
        assertEquals(3, exif.orientation());
    }

    @Test
    void hugeCountsAndOffsetsPastTheEndAreIgnored() {
        TiffBuilder t = TiffBuilder.bigEndian();
        t.ifd0.add(new TiffBuilder.Entry(ExifReader.TAG_ORIENTATION, ExifReader.TYPE_SHORT, 0xFFFFFFFFL, t.u16(6)));
        t.gps.add(new TiffBuilder.Entry(ExifReader.TAG_GPS_LATITUDE_REF, ExifReader.TYPE_ASCII, 0x7FFFFFFFL, "N\0".getBytes()));
        t.gps.add(t.dms(ExifReader.TAG_GPS_LATITUDE, 34.7));
        t.gps.add(t.ascii(ExifReader.TAG_GPS_LONGITUDE_REF, "E"));
        t.gps.add(new TiffBuilder.Entry(ExifReader.TAG_GPS_LONGITUDE, ExifReader.TYPE_RATIONAL, 0x20000000L, new byte[24]));
        ExifData exif = ExifReader.read(t.build());
        assertEquals(1, exif.orientation());
        assertNull(exif.latitude());
    }

    @Test
    void anIfdClaimingMoreEntriesThanTheBlockHoldsReadsOnlyThoseThere() {
        byte[] tiff = TiffBuilder.bigEndian().position(-33.86, 151.21).build();
        int gpsCountAt = indexOfGpsIfd(tiff);
        tiff[gpsCountAt] = (byte) 0xFF;
        tiff[gpsCountAt + 1] = (byte) 0xFF;
        ExifData exif = ExifReader.read(tiff);
        assertEquals(-33.86, exif.latitude(), TOLERANCE_DEGREES);
    }

    /** The GPS IFD offset, from IFD0's GPS pointer entry (the last entry the builder writes). */
    static int indexOfGpsIfd(byte[] tiff) {
        int n = ((tiff[8] & 0xFF) << 8) | (tiff[9] & 0xFF);
        int last = 10 + 12 * (n - 1);
        return ((tiff[last + 8] & 0xFF) << 24) | ((tiff[last + 9] & 0xFF) << 16) | ((tiff[last + 10] & 0xFF) << 8) | (tiff[last + 11] & 0xFF);
    }

    @Test
    void notExifGivesNothing() {
        assertSame(ExifData.NONE, ExifReader.read(null));
        assertSame(ExifData.NONE, ExifReader.read(new byte[0]));
        assertSame(ExifData.NONE, ExifReader.read("<x:xmpmeta/>".getBytes()));
        assertSame(ExifData.NONE, ExifReader.read(new byte[] {'M', 'M', 0, 43, 0, 0, 0, 8}));
    }

    @Test
    void everyTruncationOfARealExifReadsWithoutThrowing() {
        byte[] tiff = TestImages.cameraExif(34.7466, 113.6253, 6);
        for (int n = 0; n <= tiff.length; n++) {
            ExifData exif = ExifReader.read(Arrays.copyOf(tiff, n));
            if (exif.hasLocation()) {
                assertEquals(34.7466, exif.latitude(), TOLERANCE_DEGREES, "cut at " + n);
            }
        }
        assertTrue(ExifReader.read(tiff).hasLocation());
    }

    @Test
    void randomlyCorruptedExifNeverThrows() {
        byte[] tiff = TestImages.cameraExif(34.7466, 113.6253, 6);
        Random random = new Random(20240501);
        for (int round = 0; round < 20_000; round++) {
            byte[] bad = tiff.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            ExifData exif = ExifReader.read(bad);
            if (exif.hasLocation()) {
                assertTrue(Math.abs(exif.latitude()) <= 90 && Math.abs(exif.longitude()) <= 180);
            }
        }
    }
}
