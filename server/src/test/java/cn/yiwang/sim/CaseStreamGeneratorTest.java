package cn.yiwang.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

import cn.yiwang.cases.CaseRequest;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

class CaseStreamGeneratorTest {

    static final JsonMapper JSON = JsonMapper.createDefault();
    /** A Wednesday in the heating season, and one in summer. */
    static final LocalDateTime WINTER_EVENING = LocalDateTime.parse("2026-01-14T20:00");
    static final LocalDateTime WINTER_MORNING = LocalDateTime.parse("2026-01-14T10:00");
    static final LocalDateTime SUMMER_EVENING = LocalDateTime.parse("2026-07-15T20:00");

    final LocationSampler sampler = SimFixtures.sampler();
    final CaseStreamGenerator generator = new CaseStreamGenerator(CaseProfiles.bundled(), dataFileCodes(), sampler);

    /** The active sub-category codes of data/categories/categories.json, as bundled on the server's classpath. */
    @SuppressWarnings("unchecked")
    static Set<String> dataFileCodes() {
        try (InputStream in = CaseStreamGeneratorTest.class.getResourceAsStream("/categories/categories.json")) {
            Map<String, Object> file = JSON.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
            Set<String> codes = new LinkedHashSet<>();
            for (Object top : (List<Object>) file.get("topCategories")) {
                for (Object sub : (List<Object>) ((Map<String, Object>) top).get("subCategories")) {
                    Map<String, Object> s = (Map<String, Object>) sub;
                    if (!Boolean.FALSE.equals(s.get("active"))) {
                        codes.add((String) s.get("code"));
                    }
                }
            }
            return codes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<CaseDraft> drafts(long seed, int n, LocalDateTime at) {
        SplittableRandom r = new SplittableRandom(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> generator.next(r, at)).toList();
    }

    static long count(List<CaseDraft> drafts, String code) {
        return drafts.stream().filter(d -> d.categoryCode().equals(code)).count();
    }

    @Test
    void channelMixMatchesTheSharesWithinOnePointFiveOverTenThousandDrafts() {
        List<CaseDraft> drafts = drafts(11, 10_000, WINTER_MORNING);
        Map<Channel, Long> counts = new EnumMap<>(Channel.class);
        drafts.forEach(d -> counts.merge(d.channel(), 1L, Long::sum));
        for (Channel c : Channel.values()) {
            double share = counts.getOrDefault(c, 0L) / 10_000.0;
            assertEquals(c.share(), share, 0.015, c.key() + ": " + counts);
        }
        assertEquals(1.0, java.util.Arrays.stream(Channel.values()).mapToDouble(Channel::share).sum(), 1e-9);
    }

    @Test
    void streetVendingAndBarbecuesPeakInTheEvening() {
        List<CaseDraft> evening = drafts(12, 10_000, WINTER_EVENING);
        List<CaseDraft> morning = drafts(12, 10_000, WINTER_MORNING);
        for (String code : List.of("JMZX-01", "JMZX-03")) {
            assertTrue(count(evening, code) > 2 * count(morning, code), code + ": evening " + count(evening, code) + ", morning " + count(morning, code));
        }
    }

    @Test
    void heatingLeaksComeInWinterAndWaterloggingInSummer() {
        List<CaseDraft> winter = drafts(13, 10_000, WINTER_EVENING);
        List<CaseDraft> summer = drafts(13, 10_000, SUMMER_EVENING);
        assertTrue(count(winter, "SZSS-05") > 10 * Math.max(1, count(summer, "SZSS-05")),
                "供热 winter " + count(winter, "SZSS-05") + ", summer " + count(summer, "SZSS-05"));
        assertTrue(count(summer, "SZSS-07") > 5 * Math.max(1, count(winter, "SZSS-07")),
                "积水 summer " + count(summer, "SZSS-07") + ", winter " + count(winter, "SZSS-07"));
    }

    @Test
    void noiseComplaintsRiseAtNightAndAtWeekends() {
        LocalDateTime saturdayNight = LocalDateTime.parse("2026-01-17T23:00");
        LocalDateTime wednesdayMorning = LocalDateTime.parse("2026-01-14T09:00");
        long night = count(drafts(14, 10_000, saturdayNight), "LLJF-04");
        long day = count(drafts(14, 10_000, wednesdayMorning), "LLJF-04");
        assertTrue(night > 3 * day, "噪音 Saturday night " + night + ", Wednesday morning " + day);
    }

    @Test
    void everySimulatedCategoryIsAnActiveCodeOfTheDataFileAndEveryCodeIsSimulated() {
        Set<String> codes = dataFileCodes();
        assertEquals(66, codes.size(), "sub-categories in data/categories/categories.json");
        Set<String> profiled = CaseProfiles.bundled().stream().map(CaseProfile::code).collect(Collectors.toSet());
        assertEquals(codes, profiled);
        Set<String> drawn = new java.util.HashSet<>();
        for (LocalDateTime at : List.of(WINTER_EVENING, WINTER_MORNING, SUMMER_EVENING)) {
            drafts(15, 20_000, at).forEach(d -> drawn.add(d.categoryCode()));
        }
        assertTrue(codes.containsAll(drawn), "unknown codes drawn: " + drawn);
        assertTrue(drawn.size() >= 60, "only " + drawn.size() + " categories ever drawn");
    }

    @Test
    void pointsLieInsideTheirMicroGridAndNameItsLevelThreeGrid() {
        Map<String, Geometry> grids = new HashMap<>();
        SimFixtures.microGrids().forEach(g -> grids.put(g.code(), g.geometry()));
        Map<String, Long> perGrid = new HashMap<>();
        for (CaseDraft d : drafts(16, 5_000, WINTER_MORNING)) {
            LocationSampler.Place p = d.place();
            Geometry g = grids.get(p.microCode());
            assertNotNull(g, p.microCode());
            assertTrue(g.contains(SimFixtures.GF.createPoint(new Coordinate(p.lon(), p.lat()))),
                    "(" + p.lon() + ", " + p.lat() + ") outside " + p.microCode());
            assertEquals(p.microCode().substring(0, 15), p.l3Code());
            assertTrue(p.address().startsWith("二七区"), p.address());
            perGrid.merge(p.microCode(), 1L, Long::sum);
        }
        assertEquals(grids.keySet(), perGrid.keySet(), "every micro grid gets cases");
        // Households weigh: the grids with 60 households see several times the cases of grids with none.
        assertTrue(perGrid.get("410103001001001001") > 3 * perGrid.get("410103001001001002"), perGrid.toString());
    }

    @Test
    void buildingCasesAreAddressedToTheBuildingStreetCasesToTheCommunity() {
        List<CaseDraft> drafts = drafts(17, 3_000, WINTER_EVENING);
        CaseDraft flyingCable = drafts.stream().filter(d -> d.categoryCode().equals("GGAQ-01")
                && d.place().microCode().equals("410103001001001001")).findFirst().orElseThrow();
        assertTrue(flyingCable.place().address().contains("号楼"), flyingCable.place().address());
        assertTrue(flyingCable.title().startsWith("锦华苑"), flyingCable.title());
        CaseDraft vending = drafts.stream().filter(d -> d.categoryCode().equals("JMZX-01")
                && d.place().microCode().startsWith("410103001001")).findFirst().orElseThrow();
        assertTrue(vending.title().startsWith("淮河社区"), vending.title());
    }

    @Test
    void reportersAreFictionalAndOnlyCitizenChannelsHaveThem() {
        for (CaseDraft d : drafts(18, 3_000, WINTER_MORNING)) {
            if (d.channel().hasReporter()) {
                assertTrue(d.reporterName().endsWith("（模拟）"), d.reporterName());
                assertTrue(d.reporterPhone().matches("^000 \\d{4} \\d{4}$"), d.reporterPhone());
            } else {
                assertNull(d.reporterName());
                assertNull(d.reporterPhone());
            }
            assertTrue(d.description().endsWith(CaseDraft.SIMULATED_MARK), d.description());
        }
    }

    @Test
    void draftsAreAcceptedByTheServersRequestParser() throws IOException {
        for (CaseDraft d : drafts(19, 500, WINTER_EVENING)) {
            Map<String, Object> body = JSON.readValue(d.toJson(), Argument.mapOf(String.class, Object.class));
            CaseRequest req = CaseRequest.parse(body, 2000, 9);
            assertEquals(d.categoryCode(), req.category());
            assertEquals(d.channel().key(), req.source());
            assertEquals(d.place().lon(), req.lon(), 1e-7);
            assertEquals(d.place().address(), req.address());
        }
    }

    @Test
    void theSameSeedGivesTheSameDrafts() {
        assertEquals(drafts(20, 200, WINTER_EVENING), drafts(20, 200, WINTER_EVENING));
        assertFalse(drafts(20, 200, WINTER_EVENING).equals(drafts(21, 200, WINTER_EVENING)));
    }

    @Test
    void inactiveCategoriesAreNeverDrawn() {
        Set<String> some = Set.of("JMZX-01", "SZSS-05");
        CaseStreamGenerator narrow = new CaseStreamGenerator(CaseProfiles.bundled(), some, sampler);
        SplittableRandom r = new SplittableRandom(22);
        for (int i = 0; i < 2_000; i++) {
            CaseDraft d = narrow.next(r, WINTER_EVENING);
            assertTrue(some.contains(d.categoryCode()), d.categoryCode());
            // No deputy proposal is about either of them, so that channel drops out of the mix.
            assertTrue(d.channel() != Channel.DEPUTY, d.channel().key());
        }
    }
}
