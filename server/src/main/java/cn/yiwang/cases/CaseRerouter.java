package cn.yiwang.cases;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.db.Transactions;
import cn.yiwang.grid.GridCatalog;
import cn.yiwang.grid.GridLocator;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.grid.GridsConfiguration;
import cn.yiwang.routing.GridIndex;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Re-routes open cases after grid boundaries changed: reads their points with COPY, locates them
 * all in memory (in parallel on the {@link GridIndex}), and writes only the cases whose micro grid
 * changed, each with a {@code rerouted} event, in one statement. Closed cases keep the grid they
 * were routed to when reported. A case changed concurrently is skipped (its version moved) and
 * counted; a later run picks it up.
 */
@Singleton
public class CaseRerouter {

    private static final Logger LOG = LoggerFactory.getLogger(CaseRerouter.class);
    static final String OPEN = "status NOT IN ('closed', 'evaluated', 'rejected', 'merged')";
    /** Once a grid worker works the case, it stays theirs; before that the new grid's worker takes it. */
    static final List<String> KEEP_ASSIGNEE_STATES = List.of("dispatched", "in_progress", "extension_requested", "suspended", "handled",
            "verification_failed", "consulting");

    /** What a run did. */
    public record Result(int scanned, int changed, int skipped, long millis) {
    }

    private final DataSource dataSource;
    private final GridService grids;
    private final GridsConfiguration gridsConfig;
    private final DutyRoster roster;
    private final CaseService service;
    private final ApplicationEventPublisher<CasesMovedEvent> publisher;

    public CaseRerouter(DataSource dataSource, GridService grids, GridsConfiguration gridsConfig, DutyRoster roster, CaseService service,
                        ApplicationEventPublisher<CasesMovedEvent> publisher) {
        this.publisher = publisher;
        this.dataSource = dataSource;
        this.grids = grids;
        this.gridsConfig = gridsConfig;
        this.roster = roster;
        this.service = service;
    }

    /** Every open case. */
    public Result rerouteAll() {
        return reroute(List.of());
    }

    /**
     * Open cases inside any of {@code areas} (lon/lat boxes; empty = everywhere), against the grids
     * now in memory ({@link GridService#catalog()}).
     */
    public Result reroute(List<Envelope> areas) {
        long t0 = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        GridCatalog catalog = grids.catalog();
        GridLocator locator = catalog.locator();
        Result r = Transactions.inTransaction(dataSource, "re-routing cases", c -> {
            Scan scan = read(c, areas);
            String[] routed = locateAll(scan, locator);
            StringBuilder copy = new StringBuilder();
            Map<String, List<String>> chains = new HashMap<>();
            int changed = 0;
            for (int i = 0; i < scan.size; i++) {
                if (!Objects.equals(routed[i], scan.codes[i])) {
                    changed++;
                    appendChange(copy, scan, i, routed[i], catalog, locator, chains);
                }
            }
            if (changed == 0) {
                return new Result(scan.size, 0, 0, (System.nanoTime() - t0) / 1_000_000);
            }
            int written = write(c, copy.toString(), now);
            service.insertAudit(c, CaseService.SYSTEM, null, "case.reroute", null, null,
                    Map.of("scanned", scan.size, "changed", written, "areas", areas.size()));
            return new Result(scan.size, written, changed - written, (System.nanoTime() - t0) / 1_000_000);
        });
        if (r.changed() > 0) {
            // After the commit: the map's copy of the cases re-reads them (their grids decide who sees them).
            publisher.publishEvent(new CasesMovedEvent(areas, areas.isEmpty()));
        }
        if (r.changed() + r.skipped() > 0) {
            LOG.info("Re-routed cases: {} scanned, {} moved to another grid, {} skipped (changed meanwhile) in {} ms",
                    r.scanned(), r.changed(), r.skipped(), r.millis());
        }
        return r;
    }

    /** The micro grid code of every scanned point (null: unassigned), in parallel. */
    private String[] locateAll(Scan scan, GridLocator locator) {
        int n = scan.size;
        String[] codes = new String[n];
        double snap = gridsConfig.snapMeters();
        if (locator instanceof GridIndex index) {
            int[] ids = new int[n];
            int chunk = 65_536;
            IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(k -> {
                int from = k * chunk;
                index.locateOrSnap(scan.lons, scan.lats, snap, ids, from, Math.min(n, from + chunk));
            });
            for (int i = 0; i < n; i++) {
                codes[i] = ids[i] < 0 ? null : index.code(ids[i]);
            }
        } else {
            IntStream.range(0, n).parallel().forEach(i -> codes[i] = locator.locateMicro(scan.lons[i], scan.lats[i], snap)
                    .map(GridLocator.Hit::code).orElse(null));
        }
        return codes;
    }

    /** The open cases' points, read with COPY. */
    private static final class Scan {
        int size;
        long[] ids = new long[1024];
        int[] versions = new int[1024];
        double[] lons = new double[1024];
        double[] lats = new double[1024];
        String[] codes = new String[1024];
        String[] statuses = new String[1024];
        String[] handlerKinds = new String[1024];
        long[] assignees = new long[1024];

        void grow() {
            int cap = ids.length * 2;
            ids = java.util.Arrays.copyOf(ids, cap);
            versions = java.util.Arrays.copyOf(versions, cap);
            lons = java.util.Arrays.copyOf(lons, cap);
            lats = java.util.Arrays.copyOf(lats, cap);
            codes = java.util.Arrays.copyOf(codes, cap);
            statuses = java.util.Arrays.copyOf(statuses, cap);
            handlerKinds = java.util.Arrays.copyOf(handlerKinds, cap);
            assignees = java.util.Arrays.copyOf(assignees, cap);
        }
    }

    private static Scan read(Connection c, List<Envelope> areas) throws SQLException {
        StringBuilder where = new StringBuilder("geom IS NOT NULL AND parent_id IS NULL AND " + OPEN);
        if (!areas.isEmpty()) {
            where.append(" AND (");
            for (int i = 0; i < areas.size(); i++) {
                Envelope e = areas.get(i);
                where.append(i == 0 ? "" : " OR ").append(String.format(Locale.ROOT, "geom && ST_MakeEnvelope(%.10f, %.10f, %.10f, %.10f, 4326)",
                        e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()));
            }
            where.append(')');
        }
        Scan s = new Scan();
        Map<String, String> interned = new HashMap<>();
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        CopyOut out = copy.copyOut("COPY (SELECT id, version, ST_X(geom), ST_Y(geom), grid_code, status, handler_kind, assignee_id "
                + "FROM case_record WHERE " + where + ") TO STDOUT");
        byte[] row;
        while ((row = out.readFromCopy()) != null) {
            if (s.size == s.ids.length) {
                s.grow();
            }
            String[] f = new String(row, StandardCharsets.UTF_8).split("\t", -1);
            int i = s.size++;
            s.ids[i] = Long.parseLong(f[0]);
            s.versions[i] = Integer.parseInt(f[1]);
            s.lons[i] = Double.parseDouble(f[2]);
            s.lats[i] = Double.parseDouble(f[3]);
            s.codes[i] = nullable(f[4], interned);
            s.statuses[i] = interned.computeIfAbsent(f[5], k -> k);
            s.handlerKinds[i] = nullable(f[6], interned);
            String a = f[7].trim();
            s.assignees[i] = "\\N".equals(a) ? -1 : Long.parseLong(a);
        }
        return s;
    }

    private static String nullable(String field, Map<String, String> interned) {
        String v = field.endsWith("\n") ? field.substring(0, field.length() - 1) : field;
        return "\\N".equals(v) ? null : interned.computeIfAbsent(v, k -> k);
    }

    /** One line of the change table: id, expected version, the new routing fields and the event's changes as JSON. */
    private void appendChange(StringBuilder out, Scan s, int i, @Nullable String micro, GridCatalog catalog, GridLocator locator,
                              Map<String, List<String>> chains) {
        List<String> chain = micro == null ? List.of() : chains.computeIfAbsent(micro,
                m -> catalog.chain(m).stream().map(GridSummary::code).toList());
        String l3 = at(catalog, chain, "l3");
        String l2 = at(catalog, chain, "l2");
        String l1 = at(catalog, chain, "l1");
        String district = chain.isEmpty() ? null : chain.get(chain.size() - 1);
        List<String> special = micro == null ? List.of() : locator.locateSpecial(s.lons[i], s.lats[i]);
        String specialCode = special.isEmpty() ? null : special.get(0);
        boolean keep = "grid_worker".equals(s.handlerKinds[i]) && KEEP_ASSIGNEE_STATES.contains(s.statuses[i]);
        Long assignee = keep ? (s.assignees[i] < 0 ? null : s.assignees[i])
                : roster.onDuty(chain).map(DutyRoster.Person::id).orElse(null);
        boolean assigneeChanged = !keep && (assignee == null ? s.assignees[i] >= 0 : assignee != s.assignees[i]);
        StringBuilder json = new StringBuilder("{\"changes\":{");
        field(json, "grid_code", micro).append(',');
        field(json, "l3_code", l3).append(',');
        field(json, "l2_code", l2).append(',');
        field(json, "l1_code", l1).append(',');
        field(json, "district_code", district).append(',');
        field(json, "special_code", specialCode).append(',');
        json.append("\"snapped_m\":null");
        if (assigneeChanged) {
            json.append(",\"assignee_id\":").append(assignee == null ? "null" : assignee.toString());
        }
        json.append("},\"params\":{\"from\":").append(quote(s.codes[i])).append("}}");
        out.append(s.ids[i]).append('\t').append(s.versions[i]).append('\t')
                .append(copyText(micro)).append('\t').append(copyText(l3)).append('\t').append(copyText(l2)).append('\t')
                .append(copyText(l1)).append('\t').append(copyText(district)).append('\t').append(copyText(specialCode)).append('\t')
                .append(assigneeChanged ? "t" : "f").append('\t').append(assignee == null ? "\\N" : assignee.toString()).append('\t')
                .append(copyText(json.toString())).append('\n');
    }

    private static String at(GridCatalog catalog, List<String> chain, String level) {
        for (String code : chain) {
            if (catalog.get(code).map(g -> level.equals(g.level())).orElse(false)) {
                return code;
            }
        }
        return null;
    }

    private static StringBuilder field(StringBuilder json, String name, @Nullable String value) {
        return json.append('"').append(name).append("\":").append(quote(value));
    }

    private static String quote(@Nullable String v) {
        if (v == null) {
            return "null";
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** COPY text format: NULL as \N, backslash, tab and newline escaped. */
    private static String copyText(@Nullable String v) {
        if (v == null) {
            return "\\N";
        }
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static int write(Connection c, String rows, Instant now) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TEMP TABLE reroute_change (id bigint, version int, grid_code text, l3_code text, l2_code text, l1_code text,
                      district_code text, special_code text, assignee_changed boolean, assignee_id bigint, data jsonb) ON COMMIT DROP""");
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY reroute_change FROM STDIN", new StringReader(rows));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY of re-routed cases failed", e);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                WITH moved AS (
                  UPDATE case_record r SET grid_code = t.grid_code, l3_code = t.l3_code, l2_code = t.l2_code, l1_code = t.l1_code,
                         district_code = t.district_code, special_code = t.special_code, snapped_m = NULL,
                         assignee_id = CASE WHEN t.assignee_changed THEN t.assignee_id ELSE r.assignee_id END,
                         version = r.version + 1, updated_at = ?
                  FROM reroute_change t WHERE r.id = t.id AND r.version = t.version
                  RETURNING r.id, r.version, r.status)
                INSERT INTO case_event (case_id, seq, at, actor, role, type, from_status, to_status, comment, data)
                SELECT m.id, m.version, ?, 'system', NULL, 'rerouted', m.status, m.status, '网格边界调整，重新路由', t.data
                FROM moved m JOIN reroute_change t ON t.id = m.id""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            return ps.executeUpdate();
        }
    }
}
