package cn.yiwang.patrol.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.api.ApiException;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.patrol.PatrolConfiguration;
import cn.yiwang.patrol.PatrolRetention;
import cn.yiwang.security.AuditLog;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Runs {@link PatrolDayAnalyser} over stored fixes: per batch of {@code batch-workers} workers it reads
 * their fixes, grids, micro grids, nearby buildings and cases with one query each, analyses the
 * workers in parallel, and upserts their {@code patrol_day} rows in one transaction. The nightly job
 * analyses yesterday (days in {@code yiwang.patrol.zone-id}) for every active grid worker, once across
 * server instances (a session advisory lock); a worker without fixes gets a row too (zero, not
 * compliant). Thread-safe.
 */
@Singleton
public class PatrolAnalysisService {

    private static final Logger LOG = LoggerFactory.getLogger(PatrolAnalysisService.class);
    private static final long NIGHTLY_LOCK = 0x7061_7472_6f6cL;

    /** What a day run did. */
    public record RunSummary(LocalDate day, int workers, int withFixes, int compliant, long millis) {
    }

    private final PatrolDayRepository repository;
    private final PatrolAnalysisConfiguration config;
    private final PatrolDayAnalyser analyser;
    private final ZoneId zone;
    private final JsonMapper json;
    private final DataSource dataSource;
    private final AuditLog audit;
    private final ApplicationEventPublisher<LayerChangedEvent> layerEvents;
    private final PatrolRetention retention;

    public PatrolAnalysisService(PatrolDayRepository repository, PatrolAnalysisConfiguration config, PatrolConfiguration patrol,
                                 JsonMapper json, DataSource dataSource, AuditLog audit,
                                 ApplicationEventPublisher<LayerChangedEvent> layerEvents, PatrolRetention retention) {
        this.layerEvents = layerEvents;
        this.retention = retention;
        this.repository = repository;
        this.config = config;
        this.analyser = new PatrolDayAnalyser(config.rules());
        this.zone = ZoneId.of(patrol.zoneId());
        this.json = json;
        this.dataSource = dataSource;
        this.audit = audit;
    }

    public ZoneId zone() {
        return zone;
    }

    public PatrolDayAnalyser analyser() {
        return analyser;
    }

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /**
     * Whether the raw fixes of {@code day} are past retention (dropped or due to be): its stored
     * results are then final, since analysing it again would find no fix and overwrite them.
     */
    public boolean pastRetention(LocalDate day) {
        return day.isBefore(retention.oldestKeptDay());
    }

    private void requireRawFixes(LocalDate day) {
        if (pastRetention(day)) {
            throw new ApiException(HttpStatus.CONFLICT, "/problems/past-retention", "The raw fixes of " + day + " are past the "
                    + "retention of patrol points (kept from " + retention.oldestKeptDay() + "); the stored results of that day"
                    + " are final and cannot be analysed again", List.of());
        }
    }

    /** Analyses and stores one day for the workers whose own grid (or scope) lies under {@code gridPrefix}. */
    public RunSummary analyseDay(LocalDate day, String gridPrefix) {
        requireRawFixes(day);
        long t0 = System.nanoTime();
        List<PatrolDayRepository.Worker> workers = new ArrayList<>();
        for (PatrolDayRepository.Worker w : repository.workers()) {
            if (w.visibilityGrid().startsWith(gridPrefix)) {
                workers.add(w);
            }
        }
        int withFixes = 0;
        int compliant = 0;
        int batch = Math.max(1, config.batchWorkers());
        for (int i = 0; i < workers.size(); i += batch) {
            List<PatrolDayRepository.Worker> part = workers.subList(i, Math.min(workers.size(), i + batch));
            Map<PatrolDayRepository.Worker, PatrolDayResult> results = analyse(part, startOf(day), startOf(day.plusDays(1)));
            List<PatrolDayRepository.Stored> rows = new ArrayList<>(results.size());
            for (Map.Entry<PatrolDayRepository.Worker, PatrolDayResult> e : results.entrySet()) {
                rows.add(new PatrolDayRepository.Stored(e.getKey(), day, e.getValue(), detailJson(e.getValue())));
                withFixes += e.getValue().fixes() > 0 ? 1 : 0;
                compliant += e.getValue().compliant() ? 1 : 0;
            }
            repository.store(rows);
        }
        blindSpotsChanged();
        return new RunSummary(day, workers.size(), withFixes, compliant, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Analyses and stores one worker's day. */
    public PatrolDayResult analyseAndStore(PatrolDayRepository.Worker worker, LocalDate day) {
        requireRawFixes(day);
        PatrolDayResult r = analyse(List.of(worker), startOf(day), startOf(day.plusDays(1))).get(worker);
        repository.store(List.of(new PatrolDayRepository.Stored(worker, day, r, detailJson(r))));
        blindSpotsChanged();
        return r;
    }

    /** New passes may have removed blind spots: the layer's cached tiles go (on every instance). */
    private void blindSpotsChanged() {
        layerEvents.publishEvent(LayerChangedEvent.wholeLayer(LayerRegistry.PATROL_BLIND_SPOTS));
    }

    /** Analyses any time range of one worker; nothing is stored. */
    public PatrolDayResult analyseRange(PatrolDayRepository.Worker worker, Instant from, Instant to) {
        return analyse(List.of(worker), from, to).get(worker);
    }

    /** Reads what the workers need with one query each and analyses them in parallel. */
    public Map<PatrolDayRepository.Worker, PatrolDayResult> analyse(List<PatrolDayRepository.Worker> workers, Instant from, Instant to) {
        List<Long> ids = new ArrayList<>(workers.size());
        List<String> names = new ArrayList<>(workers.size());
        List<String> grids = new ArrayList<>();
        for (PatrolDayRepository.Worker w : workers) {
            ids.add(w.userId());
            names.add(w.username());
            if (w.ownGrid() != null) {
                grids.add(w.ownGrid());
            }
        }
        Map<Long, List<TrackPoint>> points = repository.points(ids, from, to);
        Map<String, List<String>> cases = repository.cases(names, from, to);
        Map<String, PatrolGrid> prepared = prepare(grids);
        Map<PatrolDayRepository.Worker, PatrolDayResult> out = new ConcurrentHashMap<>();
        workers.parallelStream().forEach(w -> out.put(w, analyser.analyse(points.getOrDefault(w.userId(), List.of()),
                w.ownGrid() == null ? null : prepared.get(w.ownGrid()), cases.getOrDefault(w.username(), List.of()))));
        Map<PatrolDayRepository.Worker, PatrolDayResult> ordered = new LinkedHashMap<>();
        for (PatrolDayRepository.Worker w : workers) {
            ordered.put(w, out.get(w));
        }
        return ordered;
    }

    /** The grids with their micro grids and buildings, prepared in parallel. */
    public Map<String, PatrolGrid> prepare(List<String> codes) {
        return prepare(repository, codes, analyser.rules());
    }

    /** The grids with their micro grids and buildings (one query each), prepared in parallel. */
    public static Map<String, PatrolGrid> prepare(PatrolDayRepository repository, List<String> codes, AnalysisRules rules) {
        if (codes.isEmpty()) {
            return Map.of();
        }
        Map<String, Geometry> l3 = repository.grids(codes, false);
        Map<String, Geometry> micros = repository.grids(codes, true);
        Map<String, Map<String, Geometry>> microsByGrid = new HashMap<>();
        for (Map.Entry<String, Geometry> m : micros.entrySet()) {
            // Micro codes extend their level-3 grid's code.
            for (int len = m.getKey().length() - 1; len > 0; len--) {
                String parent = m.getKey().substring(0, len);
                if (l3.containsKey(parent)) {
                    microsByGrid.computeIfAbsent(parent, k -> new LinkedHashMap<>()).put(m.getKey(), m.getValue());
                    break;
                }
            }
        }
        Map<String, List<PatrolGrid.Building>> buildings = repository.buildings(l3.keySet());
        Map<String, PatrolGrid> out = new ConcurrentHashMap<>();
        l3.entrySet().parallelStream().forEach(e -> out.put(e.getKey(), new PatrolGrid(e.getKey(), e.getValue(),
                microsByGrid.getOrDefault(e.getKey(), Map.of()), buildings.getOrDefault(e.getKey(), List.of()), rules)));
        return out;
    }

    /**
     * The covered part of the grid as GeoJSON (WGS84): the stored simplified track buffered by the
     * coverage distance in the grid's projection, intersected with the grid. Null without a track or grid.
     */
    public @Nullable String coverageGeoJson(@Nullable String gridCode, @Nullable MultiLineString track) {
        if (gridCode == null || track == null) {
            return null;
        }
        Geometry grid = repository.grids(List.of(gridCode), false).get(gridCode);
        if (grid == null) {
            return null;
        }
        org.locationtech.jts.geom.Envelope e = grid.getEnvelopeInternal();
        LocalProjection p = new LocalProjection((e.getMinX() + e.getMaxX()) / 2, (e.getMinY() + e.getMaxY()) / 2);
        Geometry covered = p.project(track).buffer(config.coverageMeters(), 4).intersection(p.project(grid));
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        return writer.write(p.unproject(covered));
    }

    /** The detail column: stops, gaps, dropped fixes, shortfalls, case codes, shares. */
    public String detailJson(PatrolDayResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insideShare", r.insideShare());
        m.put("buildingShare", r.buildingShare());
        m.put("stops", r.stops());
        m.put("gaps", r.gaps());
        m.put("dropped", r.dropped());
        m.put("shortfalls", r.shortfalls());
        m.put("cases", r.caseCodes());
        m.put("buildingIdsPassed", r.buildingIdsPassed());
        try {
            return json.writeValueAsString(m);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing a patrol day's detail failed", e);
        }
    }

    /** Analyses yesterday for every worker, on one instance (the others find the lock taken). */
    @Scheduled(cron = "${yiwang.patrol.analysis.nightly-cron:0 30 1 * * *}", zoneId = "${yiwang.patrol.zone-id:Asia/Shanghai}")
    void nightly() {
        if (!config.nightly()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, NIGHTLY_LOCK);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                return;
            }
            try {
                RunSummary s = analyseDay(today().minusDays(1), "");
                audit.record("system", null, "patrol.analyse", s.day().toString(), null, Map.of("workers", s.workers(),
                        "withFixes", s.withFixes(), "compliant", s.compliant(), "millis", s.millis()));
                LOG.info("Patrol analysis of {}: {} workers ({} with fixes, {} compliant) in {} ms", s.day(), s.workers(),
                        s.withFixes(), s.compliant(), s.millis());
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, NIGHTLY_LOCK);
                    ps.execute();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("The nightly patrol analysis failed; POST /api/admin/patrol/analyse?date= runs it again", e);
        }
    }
}
