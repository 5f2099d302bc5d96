package cn.yiwang.population.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.layers.LayerRegistry;
import cn.yiwang.live.LiveEvent;
import cn.yiwang.live.LiveEventLog;
import cn.yiwang.live.LiveTopic;
import cn.yiwang.population.PopulationConfiguration;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Campaign statuses: set (by roles of {@code status-roles} within their scope, audited, one live
 * event {@code status.changed} with the new counts of the subject's whole grid chain, in the same
 * transaction), counted per grid, and drawn as points. Nothing personal leaves: counts, statuses and
 * household points only.
 */
@Singleton
public class StatusService {

    /** Code length of each grid level (codes extend their parent's). */
    static final Map<String, Integer> LEVEL_CODE_LENGTH = Map.of("district", 6, "l1", 9, "l2", 12, "l3", 15, "micro", 18);

    /** Counts of one grid: per status code, and the total. */
    @Serdeable
    public record GridCounts(String code, @Nullable String name, Map<String, Long> counts, long total) {
    }

    @Serdeable
    public record Counts(String campaign, String groupBy, List<GridCounts> grids) {
    }

    @Serdeable
    public record Changed(String campaign, long subjectId, @Nullable String from, @Nullable String to, String microCode) {
    }

    private final DataSource dataSource;
    private final CampaignRepository campaigns;
    private final AuditLog audit;
    private final LiveEventLog live;
    private final PopulationConfiguration config;
    private final JsonMapper json;
    private final ApplicationEventPublisher<LayerChangedEvent> layerChanged;

    public StatusService(DataSource dataSource, CampaignRepository campaigns, AuditLog audit, LiveEventLog live,
                         PopulationConfiguration config, JsonMapper json, ApplicationEventPublisher<LayerChangedEvent> layerChanged) {
        this.dataSource = dataSource;
        this.campaigns = campaigns;
        this.audit = audit;
        this.live = live;
        this.config = config;
        this.json = json;
        this.layerChanged = layerChanged;
    }

    public List<Campaign> all() {
        return Transactions.inTransaction(dataSource, "reading campaigns", campaigns::all);
    }

    /** Defines or replaces a campaign (admins); audited with the old and new definitions. */
    public Campaign define(Caller caller, Campaign k, String ip) {
        if (caller.role() != Role.ADMIN) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Only admins define campaigns.", List.of());
        }
        List<String[]> problems = k.problems();
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Invalid campaign at " + problems.get(0)[0] + ": "
                    + problems.get(0)[1] + ". Nothing was saved.",
                    problems.stream().map(p -> new Problem.InvalidParam(null, p[0], p[1])).toList());
        }
        return Transactions.inTransaction(dataSource, "defining a campaign", c -> {
            Campaign old = campaigns.find(c, k.code()).orElse(null);
            if (old != null && !old.subject().equals(k.subject())) {
                throw new ApiException(HttpStatus.CONFLICT, "/problems/conflict", "Campaign " + k.code() + " counts " + old.subject()
                        + "s; its subject cannot change.", List.of(new Problem.InvalidParam(null, "/subject", "cannot change")));
            }
            campaigns.upsert(c, k, caller.username());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("old", old);
            detail.put("new", k);
            audit.record(c, caller.username(), caller.role().key(), "campaign.define", "campaign:" + k.code(), ip, detail);
            return campaigns.find(c, k.code()).orElseThrow();
        });
    }

    /**
     * Sets (or with {@code status} null clears) the status of a household or person. 404 for an
     * unknown campaign or subject, 400 for a status the campaign does not have, 403 (audited) outside
     * the caller's scope.
     */
    public Changed set(Caller caller, String campaignCode, long subjectId, @Nullable String status, String ip) {
        if (!config.statusRoles().contains(caller.role().key())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Role " + caller.role().key()
                    + " may not set campaign statuses; roles that may: " + String.join(", ", config.statusRoles()) + ".", List.of());
        }
        double[] where = new double[2];
        Changed done = Transactions.inTransaction(dataSource, "setting a campaign status", c -> {
            Campaign k = campaigns.find(c, campaignCode).orElseThrow(() -> ApiException.notFound("No campaign " + campaignCode + "."));
            if (Boolean.FALSE.equals(k.active())) {
                throw new ApiException(HttpStatus.CONFLICT, "/problems/conflict", "Campaign " + campaignCode + " is closed.", List.of());
            }
            if (status != null && !k.hasStatus(status)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "Campaign " + campaignCode + " has no status '"
                        + status + "'; it has " + k.statuses().stream().map(Campaign.Status::code).toList() + ".",
                        List.of(new Problem.InvalidParam(null, "/status", "unknown status")));
            }
            Object[] subject = subject(c, k.subject(), subjectId);
            if (subject == null) {
                throw ApiException.notFound("No " + k.subject() + " with id " + subjectId + ".");
            }
            String micro = (String) subject[0];
            if (!caller.covers(micro)) {
                audit.record(caller.username(), caller.role().key(), "population.denied", k.subject() + ":" + subjectId, ip,
                        Map.of("wanted", "set status", "campaign", campaignCode, "scope", caller.scope()));
                throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "This " + k.subject() + " lies outside your grid scope "
                        + caller.scope() + "; the attempt was recorded.", List.of());
            }
            where[0] = (Double) subject[1];
            where[1] = (Double) subject[2];
            String from = current(c, campaignCode, subjectId);
            if (status == null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM campaign_status WHERE campaign_code = ? AND subject_id = ?")) {
                    ps.setString(1, campaignCode);
                    ps.setLong(2, subjectId);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO campaign_status (campaign_code, subject_id, status, micro_code, geom, set_by)
                        VALUES (?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?)
                        ON CONFLICT (campaign_code, subject_id) DO UPDATE SET status = excluded.status, micro_code = excluded.micro_code,
                            geom = excluded.geom, set_by = excluded.set_by, set_at = now()""")) {
                    ps.setString(1, campaignCode);
                    ps.setLong(2, subjectId);
                    ps.setString(3, status);
                    ps.setString(4, micro);
                    ps.setDouble(5, where[0]);
                    ps.setDouble(6, where[1]);
                    ps.setString(7, caller.username());
                    ps.executeUpdate();
                }
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("campaign", campaignCode);
            detail.put("from", from);
            detail.put("to", status);
            audit.record(c, caller.username(), caller.role().key(), "campaign.status", k.subject() + ":" + subjectId, ip, detail);
            // The new counts of every grid of the chain travel with the event, so a screen at any level
            // updates without asking back.
            List<String> chain = new ArrayList<>();
            for (int len : List.of(6, 9, 12, 15, 18)) {
                if (micro.length() >= len) {
                    chain.add(micro.substring(0, len));
                }
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("campaign", campaignCode);
            payload.put("from", from);
            payload.put("to", status);
            payload.put("microCode", micro);
            payload.put("grids", countsOf(c, campaignCode, chain));
            live.append(c, LiveEvent.Draft.of(LiveTopic.POPULATION, "status.changed", micro, write(payload)));
            return new Changed(campaignCode, subjectId, from, status, micro);
        });
        Envelope box = new Envelope(where[0], where[0], where[1], where[1]);
        layerChanged.publishEvent(LayerChangedEvent.within(LayerRegistry.CAMPAIGN_STATUS, box));
        return done;
    }

    /** Counts per grid of {@code groupBy} level under {@code grid} (default: the caller's scope). */
    public Counts counts(Caller caller, String campaignCode, String groupBy, @Nullable String grid) {
        Integer len = LEVEL_CODE_LENGTH.get(groupBy);
        if (len == null) {
            throw ApiException.badParameter("groupBy", "'" + groupBy + "' is not one of district, l1, l2, l3, micro");
        }
        String prefix = grid == null || grid.isBlank() ? caller.scope() : grid.strip();
        if (!caller.covers(prefix)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Grid " + prefix + " lies outside your grid scope "
                    + caller.scope() + ".", List.of());
        }
        return Transactions.inTransaction(dataSource, "counting statuses", c -> {
            campaigns.find(c, campaignCode).orElseThrow(() -> ApiException.notFound("No campaign " + campaignCode + "."));
            List<GridCounts> out = new ArrayList<>();
            // Every grid of the level under the prefix, with zeros where nothing is set yet.
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT g.code, g.name, x.status, x.n FROM grid_current g
                    LEFT JOIN (SELECT left(micro_code, ?) AS code, status, count(*) AS n FROM campaign_status
                               WHERE campaign_code = ? AND micro_code LIKE ? GROUP BY 1, 2) x ON x.code = g.code
                    WHERE g.level = ? AND g.code LIKE ? ORDER BY g.code, x.status""")) {
                ps.setInt(1, len);
                ps.setString(2, campaignCode);
                ps.setString(3, prefix + "%");
                ps.setString(4, groupBy);
                ps.setString(5, prefix + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    GridCounts cur = null;
                    while (rs.next()) {
                        if (cur == null || !cur.code().equals(rs.getString(1))) {
                            cur = new GridCounts(rs.getString(1), rs.getString(2), new LinkedHashMap<>(), 0);
                            out.add(cur);
                        }
                        if (rs.getString(3) != null) {
                            cur.counts().put(rs.getString(3), rs.getLong(4));
                        }
                    }
                }
            }
            return new Counts(campaignCode, groupBy, out.stream()
                    .map(g -> new GridCounts(g.code(), g.name(), g.counts(), g.counts().values().stream().mapToLong(Long::longValue).sum()))
                    .toList());
        });
    }

    /** Status points in a bbox under the caller's scope as GeoJSON (status, colour, symbol; nothing personal). */
    public String points(Caller caller, String campaignCode, double[] bbox, int limit) {
        return Transactions.inTransaction(dataSource, "reading status points", c -> {
            Campaign k = campaigns.find(c, campaignCode).orElseThrow(() -> ApiException.notFound("No campaign " + campaignCode + "."));
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT coalesce(json_agg(json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 6)::json,
                        'properties', json_build_object('status', status, 'grid', micro_code))), '[]')::text
                    FROM (SELECT geom, status, micro_code FROM campaign_status WHERE campaign_code = ? AND micro_code LIKE ?
                          AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) LIMIT ?) x""")) {
                ps.setString(1, campaignCode);
                ps.setString(2, caller.scope() + "%");
                for (int i = 0; i < 4; i++) {
                    ps.setDouble(3 + i, bbox[i]);
                }
                ps.setInt(7, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return "{\"type\":\"FeatureCollection\",\"campaign\":" + write(k) + ",\"features\":" + rs.getString(1) + "}";
                }
            }
        });
    }

    private List<GridCounts> countsOf(Connection c, String campaignCode, List<String> codes) throws SQLException {
        Map<String, GridCounts> byCode = new LinkedHashMap<>();
        codes.forEach(code -> byCode.put(code, new GridCounts(code, null, new LinkedHashMap<>(), 0)));
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT g.code, s.status, count(*) FROM unnest(?::text[]) g(code)
                JOIN campaign_status s ON s.campaign_code = ? AND s.micro_code LIKE g.code || '%' GROUP BY 1, 2""")) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            ps.setString(2, campaignCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byCode.get(rs.getString(1)).counts().put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return byCode.values().stream()
                .map(g -> new GridCounts(g.code(), null, g.counts(), g.counts().values().stream().mapToLong(Long::longValue).sum())).toList();
    }

    /** micro code, lon, lat of a household or person; null when there is none. */
    private static Object[] subject(Connection c, String kind, long id) throws SQLException {
        String table = "household".equals(kind) ? "household" : "resident";
        try (PreparedStatement ps = c.prepareStatement("SELECT micro_code, ST_X(geom), ST_Y(geom) FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? new Object[] {rs.getString(1), rs.getDouble(2), rs.getDouble(3)} : null;
            }
        }
    }

    private static @Nullable String current(Connection c, String campaign, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM campaign_status WHERE campaign_code = ? AND subject_id = ? FOR UPDATE")) {
            ps.setString(1, campaign);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
