package cn.yiwang.population;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * The population API's rules. Scope: a caller reaches the residents whose micro grid lies under their
 * grid scope; asking for a grid or a resident outside it is a 403 and an audit entry
 * ({@code population.denied}). Lists are masked; unmasked views ({@code unmasked=true}, one resident's
 * contact, the CSV export) need a role of {@code unmask-roles} / {@code export-roles} and are audited
 * with the resident ids they showed. Imports are all or nothing.
 */
@Singleton
public class ResidentService {

    static final String FORBIDDEN = "/problems/forbidden";

    /** A page of residents. {@code more}: another page follows. */
    @Serdeable
    public record Page(List<ResidentView> items, int limit, int offset, boolean more, boolean masked) {
    }

    /** What an import did. */
    @Serdeable
    public record ImportSummary(String charset, int rows, int residents, int householdsCreated) {
    }

    private final DataSource dataSource;
    private final ResidentRepository repository;
    private final PersonalDataCipher cipher;
    private final AuditLog audit;
    private final PopulationConfiguration config;
    private final ResidentTags tags;

    public ResidentService(DataSource dataSource, ResidentRepository repository, PersonalDataCipher cipher, AuditLog audit,
                           PopulationConfiguration config, ResidentTags tags) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.cipher = cipher;
        this.audit = audit;
        this.config = config;
        this.tags = tags;
    }

    public Page search(Caller caller, @Nullable String grid, @Nullable String name, boolean contains, List<String> tagCodes,
                       @Nullable String idNumber, int limit, int offset, boolean unmasked, String ip) {
        requireRole(caller, config.readRoles(), "search residents", ip);
        String prefix = grid == null || grid.isBlank() ? caller.scope() : grid.strip();
        if (!caller.covers(prefix)) {
            denied(caller, "grid:" + prefix, "search", ip);
        }
        if (unmasked) {
            requireRole(caller, config.unmaskRoles(), "see residents unmasked", ip);
        }
        for (String t : tagCodes) {
            if (!tags.known(t)) {
                throw ApiException.badParameter("tag", "unknown tag '" + t + "'; known: "
                        + String.join(", ", tags.all().stream().map(ResidentTags.Tag::code).toList()));
            }
        }
        int capped = Math.min(limit, config.maxSearchLimit());
        return Transactions.inTransaction(dataSource, "searching residents", c -> {
            List<ResidentRepository.Row> rows;
            if (idNumber != null && !idNumber.isBlank()) {
                rows = repository.findByIdIndex(c, cipher.index(idNumber)).filter(r -> r.microCode().startsWith(prefix))
                        .map(List::of).orElse(List.of());
            } else {
                rows = repository.search(c, new ResidentRepository.Query(prefix, name, contains, tagCodes, capped + 1, offset));
            }
            boolean more = rows.size() > capped;
            List<ResidentRepository.Row> page = more ? rows.subList(0, capped) : rows;
            if (unmasked && !page.isEmpty()) {
                audit.record(c, caller.username(), caller.role().key(), "population.view.unmasked", "grid:" + prefix, ip,
                        Map.of("residents", page.stream().map(ResidentRepository.Row::id).toList(), "query", queryDetail(name, tagCodes, idNumber)));
            }
            return new Page(page.stream().map(r -> view(r, unmasked)).toList(), capped, offset, more, !unmasked);
        });
    }

    /** One resident, masked; outside the caller's scope → 403 and an audit entry. */
    public ResidentView one(Caller caller, long id, boolean unmasked, String ip) {
        requireRole(caller, config.readRoles(), "read residents", ip);
        if (unmasked) {
            requireRole(caller, config.unmaskRoles(), "see residents unmasked", ip);
        }
        return Transactions.inTransaction(dataSource, "reading a resident", c -> {
            ResidentRepository.Row r = repository.find(c, id).orElseThrow(() -> ApiException.notFound("No resident with id " + id + "."));
            if (!caller.covers(r.microCode())) {
                throw deniedInside(c, caller, "resident:" + id, "read", ip);
            }
            if (unmasked) {
                audit.record(c, caller.username(), caller.role().key(), "population.view.unmasked", "resident:" + id, ip,
                        Map.of("residents", List.of(id)));
            }
            return view(r, unmasked);
        });
    }

    /**
     * The residents under {@code grid} (and with {@code tagCodes}) as CSV, unmasked, watermarked with
     * who exported them, when and a file id on the first and last lines; audited with the file id.
     */
    public String exportCsv(Caller caller, @Nullable String grid, List<String> tagCodes, String ip) {
        requireRole(caller, config.exportRoles(), "export residents' personal data", ip);
        String prefix = grid == null || grid.isBlank() ? caller.scope() : grid.strip();
        if (!caller.covers(prefix)) {
            denied(caller, "grid:" + prefix, "export", ip);
        }
        String fileId = UUID.randomUUID().toString();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String mark = "# 导出人 " + caller.username() + " (" + caller.role().key() + ")，导出时间 " + at + "，文件编号 " + fileId
                + "，范围 " + prefix + "。含个人信息，仅限网格工作使用，不得外传。";
        return Transactions.inTransaction(dataSource, "exporting residents", c -> {
            StringBuilder csv = new StringBuilder(mark).append("\r\n");
            csv.append("id,name,gender,birth_year,phone,id_number,tags,micro_code,compound,building_id,unit,floor,room\r\n");
            int n = 0;
            int offset = 0;
            while (true) {
                List<ResidentRepository.Row> rows = repository.search(c, new ResidentRepository.Query(prefix, null, false, tagCodes, 5000, offset));
                for (ResidentRepository.Row r : rows) {
                    ResidentView v = view(r, true);
                    ResidentView.Household h = v.household();
                    csv.append(v.id()).append(',').append(cell(v.name())).append(',').append(cell(v.gender())).append(',')
                            .append(v.birthYear() == null ? "" : v.birthYear()).append(',').append(cell(v.phone())).append(',')
                            .append(cell(v.idNumber())).append(',').append(cell(String.join(";", v.tags()))).append(',')
                            .append(cell(v.microCode())).append(',').append(cell(v.compound())).append(',')
                            .append(h == null ? "" : cell(h.buildingId())).append(',').append(h == null ? "" : h.unit()).append(',')
                            .append(h == null ? "" : h.floor()).append(',').append(h == null ? "" : cell(h.room())).append("\r\n");
                    n++;
                }
                if (rows.size() < 5000) {
                    break;
                }
                offset += rows.size();
            }
            csv.append(mark.replace("# 导出人", "# 完 · 共 " + n + " 人 · 导出人")).append("\r\n");
            audit.record(c, caller.username(), caller.role().key(), "population.export", "grid:" + prefix, ip,
                    Map.of("fileId", fileId, "residents", n, "tags", tagCodes, "at", at.toString()));
            return csv.toString();
        });
    }

    /** Imports residents (and the households they name) from CSV: everything or nothing. */
    public ImportSummary importCsv(Caller caller, byte[] body, @Nullable String charset, String ip) {
        requireRole(caller, config.exportRoles(), "import residents", ip);
        if (body.length > config.maxImportBytes()) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/too-large",
                    "The CSV has " + body.length + " bytes; at most " + config.maxImportBytes() + " may be imported at once.", List.of());
        }
        ResidentCsvReader.Result read;
        try {
            read = ResidentCsvReader.read(body, charset, config.maxImportRows(), tags::known);
        } catch (ResidentCsvReader.EncodingException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-encoding", "The CSV cannot be read: " + e.getMessage()
                    + ". Nothing was imported.", List.of(new Problem.InvalidParam("charset", null, e.getMessage())));
        }
        if (!read.ok()) {
            throw invalid(read.issues(), read.charset());
        }
        return Transactions.inTransaction(dataSource, "importing residents", c -> {
            List<ResidentCsvReader.Issue> issues = new ArrayList<>();
            Map<String, Object[]> buildings = buildings(c, read.rows().stream().map(ResidentCsvReader.Row::buildingId).distinct().toList());
            List<byte[]> indexes = read.rows().stream().map(r -> cipher.index(r.idNumber())).toList();
            List<byte[]> existing = repository.existingIndexes(c, indexes);
            int created = 0;
            Map<String, Long> households = new HashMap<>();
            List<ResidentRepository.NewResident> out = new ArrayList<>();
            for (int i = 0; i < read.rows().size() && issues.size() < ResidentCsvReader.MAX_ISSUES; i++) {
                ResidentCsvReader.Row r = read.rows().get(i);
                Object[] b = buildings.get(r.buildingId());
                if (b == null) {
                    issues.add(new ResidentCsvReader.Issue(r.row(), "building_id", "no building with id '" + r.buildingId() + "'"));
                    continue;
                }
                String micro = (String) b[1];
                if (micro == null || !caller.covers(micro)) {
                    issues.add(new ResidentCsvReader.Issue(r.row(), "building_id", "building '" + r.buildingId() + "' lies outside your grid scope "
                            + caller.scope()));
                    continue;
                }
                byte[] index = indexes.get(i);
                if (existing.stream().anyMatch(e -> Arrays.equals(e, index))) {
                    issues.add(new ResidentCsvReader.Issue(r.row(), "id_number", "ID number " + ResidentMask.idNumber(r.idNumber())
                            + " is already registered"));
                    continue;
                }
                String key = r.buildingId() + "/" + r.unit() + "/" + r.room();
                Long household = households.get(key);
                if (household == null) {
                    long[] found = household(c, (String) b[0], r.buildingId(), r.unit(), r.floor(), r.room());
                    household = found[0];
                    created += (int) found[1];
                    households.put(key, household);
                }
                out.add(new ResidentRepository.NewResident((String) b[0], household, (Long) b[2], micro, r.name(), r.gender(), r.birthYear(),
                        r.phone() == null ? null : cipher.encrypt(r.phone()), r.phone() == null ? null : ResidentMask.phone(r.phone()),
                        cipher.encrypt(r.idNumber()), index, ResidentMask.idNumber(r.idNumber()), r.tags(), false, (Double) b[3], (Double) b[4]));
            }
            if (!issues.isEmpty()) {
                // Rolls the transaction back: households created above are gone too.
                throw invalid(issues, read.charset());
            }
            repository.insertAll(c, out);
            audit.record(c, caller.username(), caller.role().key(), "population.import", "scope:" + caller.scope(), ip,
                    Map.of("charset", read.charset(), "residents", out.size(), "householdsCreated", created));
            return new ImportSummary(read.charset(), read.rows().size(), out.size(), created);
        });
    }

    // ---- helpers

    ResidentView view(ResidentRepository.Row r, boolean unmasked) {
        if (!unmasked) {
            return new ResidentView(r.id(), ResidentMask.name(r.name()), r.gender(), r.birthYear(), r.phoneMasked(), r.idMasked(), true,
                    r.tags(), r.microCode(), r.compound(), r.household());
        }
        return new ResidentView(r.id(), r.name(), r.gender(), r.birthYear(), r.phoneSealed() == null ? null : cipher.decrypt(r.phoneSealed()),
                cipher.decrypt(r.idSealed()), false, r.tags(), r.microCode(), r.compound(), r.household());
    }

    /** district, micro grid, compound id, lon, lat of each named building that exists. */
    private static Map<String, Object[]> buildings(Connection c, List<String> ids) throws SQLException {
        Map<String, Object[]> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT b.id, b.district_code, b.micro_code, k.id, ST_X(p), ST_Y(p)
                FROM building b LEFT JOIN compound k ON k.district_code = b.district_code AND k.name = b.compound
                CROSS JOIN LATERAL ST_PointOnSurface(b.geom) p WHERE b.id = ANY (?)""")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long compound = rs.getLong(4);
                    Long compoundId = rs.wasNull() ? null : compound;
                    out.put(rs.getString(1), new Object[] {rs.getString(2), rs.getString(3), compoundId, rs.getDouble(5), rs.getDouble(6)});
                }
            }
        }
        return out;
    }

    /** The household's id and 1 when it was created now, 0 when it existed. */
    private static long[] household(Connection c, String district, String building, int unit, int floor, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH ins AS (
                  INSERT INTO household (district_code, building_id, unit, floor, room, compound_id, micro_code, generated, geom)
                  SELECT b.district_code, b.id, ?, ?, ?, k.id, b.micro_code, false, ST_PointOnSurface(b.geom)
                  FROM building b LEFT JOIN compound k ON k.district_code = b.district_code AND k.name = b.compound
                  WHERE b.district_code = ? AND b.id = ?
                  ON CONFLICT (district_code, building_id, unit, room) DO NOTHING RETURNING id)
                SELECT id, 1 FROM ins
                UNION ALL SELECT id, 0 FROM household WHERE district_code = ? AND building_id = ? AND unit = ? AND room = ?
                LIMIT 1""")) {
            ps.setInt(1, unit);
            ps.setInt(2, floor);
            ps.setString(3, room);
            ps.setString(4, district);
            ps.setString(5, building);
            ps.setString(6, district);
            ps.setString(7, building);
            ps.setInt(8, unit);
            ps.setString(9, room);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private void requireRole(Caller caller, List<String> roles, String what, String ip) {
        if (!roles.contains(caller.role().key())) {
            audit.record(caller.username(), caller.role().key(), "population.denied", "role:" + caller.role().key(), ip,
                    Map.of("wanted", what));
            throw new ApiException(HttpStatus.FORBIDDEN, FORBIDDEN, "Role " + caller.role().key() + " may not " + what
                    + "; roles that may: " + String.join(", ", roles) + ".", List.of());
        }
    }

    private void denied(Caller caller, String target, String what, String ip) {
        audit.record(caller.username(), caller.role().key(), "population.denied", target, ip, Map.of("wanted", what, "scope", caller.scope()));
        throw outside(caller, target);
    }

    /** Audits on its own connection (the read transaction rolls back with the exception), then the 403. */
    private ApiException deniedInside(Connection ignored, Caller caller, String target, String what, String ip) {
        audit.record(caller.username(), caller.role().key(), "population.denied", target, ip, Map.of("wanted", what, "scope", caller.scope()));
        return outside(caller, target);
    }

    private static ApiException outside(Caller caller, String target) {
        return new ApiException(HttpStatus.FORBIDDEN, FORBIDDEN, target + " lies outside your grid scope " + caller.scope()
                + "; the attempt was recorded.", List.of());
    }

    private static ApiException invalid(List<ResidentCsvReader.Issue> issues, String charset) {
        ResidentCsvReader.Issue first = issues.get(0);
        String where = first.row() == 0 ? "the file" : "row " + first.row() + (first.column() == null ? "" : ", column " + first.column());
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-import", "Invalid import (read as " + charset + ") at " + where + ": "
                + first.detail() + (issues.size() > 1 ? " (and " + (issues.size() - 1) + " more, listed in errors)" : "") + ". Nothing was imported.",
                issues.stream().map(i -> new Problem.InvalidParam(i.column(), i.row() == 0 ? "" : "/rows/" + i.row(), i.detail())).toList());
    }

    private static Map<String, Object> queryDetail(@Nullable String name, List<String> tags, @Nullable String idNumber) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (name != null) {
            d.put("name", name);
        }
        d.put("tags", tags);
        d.put("byIdNumber", idNumber != null && !idNumber.isBlank());
        return d;
    }

    private static String cell(@Nullable String s) {
        if (s == null) {
            return "";
        }
        // Quote, and defuse spreadsheet formulas (a cell starting with = + - @).
        String safe = s.matches("^[=+\\-@].*") ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
