package cn.yiwang.population.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** The {@code campaign} table and the demo campaigns of {@code data/population/campaigns.json}. Runs on the caller's connection. */
@Singleton
public class CampaignRepository {

    @Serdeable
    record File(String comment, List<Campaign> campaigns) {
    }

    private final JsonMapper json;

    public CampaignRepository(JsonMapper json) {
        this.json = json;
    }

    /** Inserts the demo campaigns when the table is empty; returns how many. */
    public int loadDemoIfEmpty(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM campaign)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                return 0;
            }
        }
        List<Campaign> demo;
        try (InputStream in = CampaignRepository.class.getClassLoader().getResourceAsStream("population/campaigns.json")) {
            if (in == null) {
                throw new IllegalStateException("population/campaigns.json is missing from the classpath");
            }
            demo = json.readValue(in.readAllBytes(), File.class).campaigns();
        } catch (IOException e) {
            throw new UncheckedIOException("reading population/campaigns.json", e);
        }
        for (Campaign k : demo) {
            if (!k.problems().isEmpty()) {
                throw new IllegalStateException("demo campaign " + k.code() + ": " + k.problems().get(0)[0] + " " + k.problems().get(0)[1]);
            }
            upsert(c, k, "system");
        }
        return demo.size();
    }

    /**
     * Demo statuses, once (when no status exists): every 20th household gets one of the campaign's
     * statuses, chosen by its id, so the status map has something to show.
     */
    public int seedDemoStatuses(Connection c, String campaignCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO campaign_status (campaign_code, subject_id, status, micro_code, geom, set_by)
                SELECT k.code, h.id, k.statuses -> ((h.id / 20) % jsonb_array_length(k.statuses))::int ->> 'code', h.micro_code, h.geom, 'demo'
                FROM campaign k JOIN household h ON h.id % 20 = 0 AND h.micro_code IS NOT NULL
                WHERE k.code = ? AND k.subject = 'household' AND NOT EXISTS (SELECT 1 FROM campaign_status)""")) {
            ps.setString(1, campaignCode);
            return ps.executeUpdate();
        }
    }

    public void upsert(Connection c, Campaign k, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO campaign (code, name, subject, statuses, active, updated_by) VALUES (?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, subject = excluded.subject, statuses = excluded.statuses,
                    active = excluded.active, updated_by = excluded.updated_by, updated_at = now()""")) {
            ps.setString(1, k.code());
            ps.setString(2, k.name());
            ps.setString(3, k.subject());
            ps.setString(4, write(k.statuses()));
            ps.setBoolean(5, k.active() == null || k.active());
            ps.setString(6, by);
            ps.executeUpdate();
        }
    }

    public List<Campaign> all(Connection c) throws SQLException {
        return read(c, "SELECT code, name, subject, statuses::text, active FROM campaign ORDER BY code", null);
    }

    public Optional<Campaign> find(Connection c, String code) throws SQLException {
        return read(c, "SELECT code, name, subject, statuses::text, active FROM campaign WHERE code = ?", code).stream().findFirst();
    }

    private List<Campaign> read(Connection c, String sql, String arg) throws SQLException {
        List<Campaign> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Campaign.Status[] statuses = json.readValue(rs.getString(4), Campaign.Status[].class);
                    out.add(new Campaign(rs.getString(1), rs.getString(2), rs.getString(3), List.of(statuses), rs.getBoolean(5)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
