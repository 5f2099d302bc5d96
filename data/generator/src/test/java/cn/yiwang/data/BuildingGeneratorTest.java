package cn.yiwang.data;

import static cn.yiwang.data.Fixtures.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.WKTWriter;

class BuildingGeneratorTest {
    private static final List<GridRecord> ERQI = Fixtures.erqi();
    private static final List<BuildingRecord> BUILDINGS = generateTimed();
    private static final Map<String, GridRecord> MICRO = level(ERQI, GridLevel.MICRO).stream()
            .collect(Collectors.toMap(GridRecord::code, g -> g));

    /** 侯寨 and 马寨, the southern suburbs. */
    private static final Set<String> SOUTH = Set.of("410103015", "410103100");
    /** The thirteen old-city street offices in the north. */
    private static final Set<String> NORTH = Set.of("410103001", "410103003", "410103004", "410103005", "410103006",
            "410103007", "410103008", "410103009", "410103010", "410103011", "410103012", "410103013", "410103014");

    /** Conservative: a degree of longitude is about 91.5 km here, shorter than a degree of latitude. */
    private static final double FIVE_METRES_IN_DEGREES = 5 / DensityField.metersPerDegreeLon(34.75);

    private static List<BuildingRecord> generateTimed() {
        long start = System.nanoTime();
        List<BuildingRecord> out = BuildingGenerator.generate(ERQI, GridGenerator.DEFAULT_SEED);
        System.out.println("BuildingGenerator.generate(erqi): " + out.size() + " buildings in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return out;
    }

    @Test
    void erqiGetsTenToTwentyThousandBuildings() {
        assertTrue(BUILDINGS.size() >= 10_000 && BUILDINGS.size() <= 20_000, BUILDINGS.size() + " buildings");
    }

    @Test
    void sameSeedGivesByteIdenticalRecords() {
        List<BuildingRecord> again = BuildingGenerator.generate(ERQI, GridGenerator.DEFAULT_SEED);
        assertEquals(BUILDINGS.size(), again.size());
        WKTWriter writer = new WKTWriter();
        for (int i = 0; i < BUILDINGS.size(); i++) {
            BuildingRecord a = BUILDINGS.get(i);
            BuildingRecord b = again.get(i);
            assertEquals(withoutFootprint(a), withoutFootprint(b));
            assertEquals(writer.write(a.footprint()), writer.write(b.footprint()), a.id());
        }
    }

    @Test
    void otherSeedGivesOtherBuildings() {
        List<BuildingRecord> other = BuildingGenerator.generate(ERQI, GridGenerator.DEFAULT_SEED + 1);
        Map<String, BuildingRecord> byId = other.stream().collect(Collectors.toMap(BuildingRecord::id, b -> b));
        long same = BUILDINGS.stream().filter(b -> byId.containsKey(b.id())
                && byId.get(b.id()).footprint().equalsExact(b.footprint())).count();
        assertEquals(0, same);
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws Exception {
        ForkJoinPool oneThread = new ForkJoinPool(1);
        try {
            List<BuildingRecord> sequential = oneThread.submit(
                    () -> BuildingGenerator.generate(ERQI, GridGenerator.DEFAULT_SEED)).get();
            assertEquals(BUILDINGS.size(), sequential.size());
            for (int i = 0; i < BUILDINGS.size(); i++) {
                assertEquals(withoutFootprint(BUILDINGS.get(i)), withoutFootprint(sequential.get(i)));
                assertTrue(BUILDINGS.get(i).footprint().equalsExact(sequential.get(i).footprint()), BUILDINGS.get(i).id());
            }
        } finally {
            oneThread.shutdown();
        }
    }

    @Test
    void footprintsAreValidCounterClockwiseRectanglesInEpsg4326() {
        for (BuildingRecord b : BUILDINGS) {
            assertTrue(b.footprint().isValid(), b.id());
            assertEquals(4326, b.footprint().getSRID(), b.id());
            assertEquals(5, b.footprint().getNumPoints(), b.id());
            assertEquals(0, b.footprint().getNumInteriorRing(), b.id());
            assertTrue(Orientation.isCCW(b.footprint().getExteriorRing().getCoordinates()), b.id());
        }
    }

    @Test
    void everyFootprintLiesInsideItsMicroGrid() {
        for (BuildingRecord b : BUILDINGS) {
            GridRecord micro = MICRO.get(b.microCode());
            assertTrue(micro != null, b.id() + " names no micro grid");
            assertTrue(micro.geometry().covers(b.footprint()), b.id());
            assertFalse(micro.geometry().getExteriorRing().isWithinDistance(b.footprint(), FIVE_METRES_IN_DEGREES * 0.6),
                    b.id() + " lies closer than 3 m to its micro grid's boundary");
        }
    }

    @Test
    void noTwoFootprintsComeWithinFiveMetres() {
        STRtree tree = new STRtree();
        for (BuildingRecord b : BUILDINGS) {
            tree.insert(b.footprint().getEnvelopeInternal(), b);
        }
        List<String> close = new ArrayList<>();
        for (BuildingRecord b : BUILDINGS) {
            Envelope search = new Envelope(b.footprint().getEnvelopeInternal());
            search.expandBy(FIVE_METRES_IN_DEGREES);
            for (Object o : tree.query(search)) {
                BuildingRecord other = (BuildingRecord) o;
                if (other.id().compareTo(b.id()) > 0
                        && other.footprint().isWithinDistance(b.footprint(), FIVE_METRES_IN_DEGREES)) {
                    close.add(b.id() + "/" + other.id());
                }
            }
        }
        assertTrue(close.isEmpty(), close.size() + " pairs, first: " + close.subList(0, Math.min(5, close.size())));
    }

    @Test
    void householdsOfEachMicroGridWithHomesAddUpToFiftyToSeventy() {
        Map<String, Integer> perMicro = BUILDINGS.stream().filter(b -> b.use().equals(BuildingRecord.RESIDENTIAL))
                .collect(Collectors.groupingBy(BuildingRecord::microCode, TreeMap::new,
                        Collectors.summingInt(BuildingRecord::households)));
        assertTrue(perMicro.size() > MICRO.size() * 0.95, "only " + perMicro.size() + " micro grids have homes");
        perMicro.forEach((code, households) -> assertTrue(households >= 50 && households <= 70, code + ": " + households));
    }

    @Test
    void residentialBuildingsHoldOneToEightHouseholdsPerFloorAndOthersNone() {
        for (BuildingRecord b : BUILDINGS) {
            if (b.use().equals(BuildingRecord.RESIDENTIAL)) {
                assertTrue(b.households() >= 1 && b.households() <= b.floors() * 8, b.toString());
            } else {
                assertEquals(0, b.households(), b.id());
            }
        }
    }

    @Test
    void heightIsThreeMetresPerFloorPlusUpToOneAndAHalf() {
        for (BuildingRecord b : BUILDINGS) {
            double extra = b.heightMeters() - b.floors() * 3.0;
            assertTrue(extra >= -1e-9 && extra <= 1.5, b.id() + ": " + b.floors() + " floors, " + b.heightMeters() + " m");
        }
    }

    @Test
    void northIsTallerThanSouth() {
        int north = medianFloors(NORTH);
        int south = medianFloors(SOUTH);
        assertTrue(north >= 9 && south <= 4, "median floors north " + north + ", south " + south);
        assertTrue(BUILDINGS.stream().filter(b -> SOUTH.contains(b.microCode().substring(0, 9))).allMatch(b -> b.floors() <= 6),
                "the southern suburbs are low-rise");
        assertTrue(BUILDINGS.stream().anyMatch(b -> NORTH.contains(b.microCode().substring(0, 9)) && b.floors() >= 24),
                "the old city has towers");
    }

    @Test
    void everyUseButOtherOccurs() {
        Set<String> uses = BUILDINGS.stream().map(BuildingRecord::use).collect(Collectors.toSet());
        assertEquals(Set.of("residential", "commercial", "public", "industrial"), uses);
    }

    @Test
    void idsAreTheMicroCodeAndATwoDigitSequenceInOrder() {
        Set<String> ids = new HashSet<>();
        Map<String, Integer> last = new TreeMap<>();
        for (BuildingRecord b : BUILDINGS) {
            assertTrue(ids.add(b.id()), "duplicate " + b.id());
            assertTrue(b.id().matches(b.microCode() + "-B\\d{2}"), b.id());
            int sequence = Integer.parseInt(b.id().substring(b.id().length() - 2));
            assertEquals(last.getOrDefault(b.microCode(), 0) + 1, sequence, b.id());
            last.put(b.microCode(), sequence);
        }
    }

    @Test
    void namesSayTheyAreExamples() {
        for (BuildingRecord b : BUILDINGS) {
            assertTrue(b.name().endsWith("（示例）"), b.name());
            if (b.use().equals(BuildingRecord.RESIDENTIAL)) {
                assertTrue(b.compound().endsWith("（示例）") && b.name().startsWith(b.compound().replace("（示例）", "")), b.toString());
            } else {
                assertNull(b.compound(), b.id());
            }
        }
    }

    @Test
    void gridsOtherThanMicroGridsAreIgnored() {
        List<GridRecord> withoutMicro = ERQI.stream().filter(g -> g.level() != GridLevel.MICRO).toList();
        assertTrue(BuildingGenerator.generate(withoutMicro, GridGenerator.DEFAULT_SEED).isEmpty());
    }

    private static int medianFloors(Set<String> level1Codes) {
        int[] floors = BUILDINGS.stream().filter(b -> level1Codes.contains(b.microCode().substring(0, 9)))
                .mapToInt(BuildingRecord::floors).sorted().toArray();
        return floors[floors.length / 2];
    }

    private static List<Object> withoutFootprint(BuildingRecord b) {
        return List.of(b.id(), String.valueOf(b.name()), String.valueOf(b.compound()), b.use(), b.floors(),
                b.heightMeters(), b.households(), b.microCode());
    }
}
