package cn.yiwang.planner;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.planner.exchange.AttributeMapping;
import cn.yiwang.planner.exchange.CrsTransformer;
import cn.yiwang.planner.exchange.GeoJsonGridReader;
import cn.yiwang.planner.exchange.GeoPackageGridReader;
import cn.yiwang.planner.exchange.GeoPackageGridWriter;
import cn.yiwang.planner.exchange.ImportRefusedException;
import cn.yiwang.planner.exchange.ImportedGrid;
import cn.yiwang.planner.exchange.SafeZip;
import cn.yiwang.planner.exchange.ShapefileReader;
import cn.yiwang.planner.exchange.SourceCrs;
import cn.yiwang.planner.exchange.SourceCrsDetector;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Import of a level (or a parent's children) from GeoJSON, GeoPackage or a zipped Shapefile into a new
 * draft, and export of a level, current or at a time, to GeoJSON or GeoPackage. An import is read,
 * mapped, transformed to lon/lat and checked completely (formats, limits, CRS, geometry validity with
 * the location of a self-intersection, distance from the parent, duplicate codes) before the draft is
 * opened; the draft and its children are then stored in one transaction, so a refusal leaves nothing.
 * Refusals are 400 problem+json naming the feature ({@code /features/3}, {@code grids#12},
 * {@code record 7}) or the parameter.
 */
@Singleton
public class GridExchangeService {

    /** What an import did: the draft with its problems, and the report. */
    @io.micronaut.serde.annotation.Serdeable
    public record ImportResult(PlannerService.DraftView draft, Map<String, Object> report) {
    }

    /** An export: the bytes, their media type and a file name. */
    public record Export(byte[] bytes, String mediaType, String fileName, int features) {
    }

    /** The format of an import or export. */
    public enum Format {
        GEOJSON, GPKG, SHP;

        static Format parse(String raw, boolean forExport) {
            String f = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            switch (f) {
                case "geojson", "json" -> {
                    return GEOJSON;
                }
                case "gpkg", "geopackage" -> {
                    return GPKG;
                }
                case "shp", "shapefile", "zip" -> {
                    if (!forExport) {
                        return SHP;
                    }
                }
                default -> {
                }
            }
            throw ApiException.badParameter("format", "'" + cn.yiwang.api.Params.clip(raw == null ? "" : raw) + "' is not "
                    + (forExport ? "geojson or gpkg" : "geojson, gpkg or shp (a zipped Shapefile)"));
        }
    }

    private final DataSource dataSource;
    private final PlannerService planner;
    private final GridDraftRepository repository;
    private final PlannerConfiguration plannerConfig;
    private final GridExchangeConfiguration config;
    private final AuditLog audit;
    private final JsonMapper json;

    public GridExchangeService(DataSource dataSource, PlannerService planner, GridDraftRepository repository,
                               PlannerConfiguration plannerConfig, GridExchangeConfiguration config, AuditLog audit, JsonMapper json) {
        this.dataSource = dataSource;
        this.planner = planner;
        this.repository = repository;
        this.plannerConfig = plannerConfig;
        this.config = config;
        this.audit = audit;
        this.json = json;
    }

    public GridExchangeConfiguration configuration() {
        return config;
    }

    /**
     * Reads {@code file} and opens a draft on {@code parent} holding its grids.
     *
     * @param crsName the file's CRS when it does not say (a Shapefile without .prj) or says wrongly; null to detect
     * @param table   the GeoPackage feature table, or null for the only one
     */
    public ImportResult importGrids(Caller caller, String parent, @Nullable String level, String format, AttributeMapping mapping,
                                    @Nullable String crsName, @Nullable String table, byte[] file, String ip) {
        PlannerService.requireScope(caller, parent);
        Format f = Format.parse(format, false);
        if (file.length == 0) {
            throw refused("file", "is empty");
        }
        if (file.length > config.maxImportBytes()) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/payload-too-large",
                    "The file has " + file.length + " bytes; an import may have at most " + config.maxImportBytes() + ".", List.of());
        }
        long started = System.nanoTime();
        GridDraftRepository.GridRow root = parentRow(parent);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("format", f.name().toLowerCase(Locale.ROOT));
        List<ImportedGrid> grids;
        SourceCrs crs;
        try {
            SourceCrs given = crsName == null || crsName.isBlank() ? null : SourceCrsDetector.fromName(crsName, "crs parameter", "crs");
            switch (f) {
                case GEOJSON -> {
                    sniffNot(file, "GeoJSON");
                    Object tree;
                    try {
                        tree = json.readValue(file, Object.class);
                    } catch (IOException | RuntimeException e) {
                        throw new ImportRefusedException("file", "claims to be GeoJSON but is not JSON");
                    }
                    GeoJsonGridReader.Layer layer = GeoJsonGridReader.read(tree, mapping, config.limits());
                    grids = layer.grids();
                    crs = given != null ? given : layer.declaredCrs() != null ? layer.declaredCrs() : new SourceCrs(SourceCrs.WGS84, "GeoJSON (RFC 7946)");
                }
                case GPKG -> {
                    if (!startsWith(file, "SQLite format 3\0")) {
                        throw new ImportRefusedException("file", "claims to be a GeoPackage but is not an SQLite database");
                    }
                    File tmp = Files.createTempFile("yiwang-import", ".gpkg").toFile();
                    try {
                        Files.write(tmp.toPath(), file);
                        GeoPackageGridReader.Layer layer = GeoPackageGridReader.read(tmp, table, mapping, given, config.limits());
                        grids = layer.grids();
                        crs = layer.crs();
                        report.put("table", layer.table());
                    } finally {
                        Files.deleteIfExists(tmp.toPath());
                    }
                }
                default -> {
                    if (!startsWith(file, "PK\u0003\u0004")) {
                        throw new ImportRefusedException("file", "claims to be a zipped Shapefile but is not a zip");
                    }
                    Map<String, byte[]> entries = SafeZip.unpack(file, config.maxZipEntries(), config.maxZipUncompressedBytes());
                    ShapefileReader.Layer layer = ShapefileReader.read(entries, mapping, given, config.limits());
                    grids = layer.grids();
                    crs = layer.crs();
                    report.put("charset", layer.charset());
                }
            }
            if (grids.isEmpty()) {
                throw new ImportRefusedException("file", "holds no grids");
            }
            grids = transformAndCheck(grids, crs, root);
        } catch (ImportRefusedException e) {
            throw refused(e.where(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("importing a file failed", e);
        }
        report.put("readMillis", (System.nanoTime() - started) / 1_000_000);
        report.put("crs", crs.toString());
        report.put("crsSource", crs.source());
        report.put("features", grids.size());
        report.put("vertices", grids.stream().mapToInt(g -> g.geometry().getNumPoints()).sum());
        List<DraftChild> children = new ArrayList<>(grids.size());
        for (ImportedGrid g : grids) {
            children.add(new DraftChild(g.code(), g.name(), null, g.parentCode() != null ? g.parentCode() : parent, g.geometry()));
        }
        Map<String, Object> detail = new LinkedHashMap<>(report);
        PlannerService.DraftView draft = planner.openWith(caller, parent, level, children, ip, detail);
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (Map<String, Object> p : draft.problems()) {
            byKind.merge(String.valueOf(p.get("kind")), 1, Integer::sum);
        }
        report.put("problems", byKind);
        report.put("millis", (System.nanoTime() - started) / 1_000_000);
        return new ImportResult(draft, report);
    }

    private List<ImportedGrid> transformAndCheck(List<ImportedGrid> grids, SourceCrs crs, GridDraftRepository.GridRow root)
            throws ImportRefusedException {
        CrsTransformer transformer = new CrsTransformer(crs);
        Envelope near = new Envelope(root.geometry().getEnvelopeInternal());
        near.expandBy(plannerConfig.nearParentDegrees());
        Map<String, String> seen = new HashMap<>();
        List<ImportedGrid> out = new ArrayList<>(grids.size());
        for (ImportedGrid g : grids) {
            if (!g.code().matches("[0-9]{6,29}")) {
                throw new ImportRefusedException(g.where(), "has code '" + clip(g.code()) + "', not a grid code (6 to 29 digits)");
            }
            String other = seen.putIfAbsent(g.code(), g.where());
            if (other != null) {
                throw new ImportRefusedException(g.where(), "repeats code " + g.code() + " of " + other + ": codes must be unique");
            }
            Geometry ll;
            try {
                ll = transformer.toLonLat(g.geometry());
            } catch (RuntimeException e) {
                throw new ImportRefusedException(g.where(), "cannot be transformed from " + crs + ": " + e.getMessage());
            }
            Envelope e = ll.getEnvelopeInternal();
            if (e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90) {
                throw new ImportRefusedException(g.where(), "lies outside longitude/latitude after reading it as " + crs + " ("
                        + crs.source() + "); is the CRS right? Name it with the crs parameter");
            }
            if (!near.intersects(e)) {
                throw new ImportRefusedException(g.where(), String.format(Locale.ROOT,
                        "lies at lon %.4f, lat %.4f, far from the parent %s (lon %.4f..%.4f, lat %.4f..%.4f): another place, or the wrong CRS (%s)?",
                        e.centre().x, e.centre().y, root.code(), near.getMinX(), near.getMaxX(), near.getMinY(), near.getMaxY(), crs));
            }
            TopologyValidationError error = new IsValidOp(ll).getValidationError();
            if (error != null) {
                throw new ImportRefusedException(g.where(), String.format(Locale.ROOT, "is not a valid polygon: %s at lon %.7f, lat %.7f",
                        error.getMessage(), error.getCoordinate().x, error.getCoordinate().y));
            }
            Geometry geometry = DraftGeoJson.FACTORY.createGeometry(ll);
            out.add(g.withGeometry(geometry));
        }
        return out;
    }

    /**
     * Exports the current grids of {@code level} under {@code parent} (or those valid at {@code at}).
     * Planners, admins and analysts, within their scope; audited as {@code grid.export}.
     */
    public Export export(Caller caller, String parent, @Nullable String level, String format, @Nullable Instant at, String ip) {
        if (caller.role() != Role.PLANNER && caller.role() != Role.ADMIN && caller.role() != Role.ANALYST) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden", "Forbidden: only planners, admins and analysts export grids.",
                    List.of());
        }
        if (!caller.covers(parent)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "Forbidden: grid " + parent + " is outside your scope " + caller.scope() + ".", List.of());
        }
        Format f = Format.parse(format, true);
        String parentLevel = levelOf(parent, at);
        String lvl = level == null || level.isBlank() ? PlannerService.childLevelOf(parentLevel) : level;
        int below = PlannerService.LEVELS.indexOf(lvl);
        if (lvl == null || below <= PlannerService.LEVELS.indexOf(parentLevel)) {
            throw ApiException.badParameter("level", "'" + lvl + "' is not a level below " + parentLevel + "; use one of "
                    + PlannerService.LEVELS.subList(PlannerService.LEVELS.indexOf(parentLevel) + 1, PlannerService.LEVELS.size()));
        }
        String stamp = at == null ? "current" : at.toString().replace(":", "");
        String name = "grids-" + parent + "-" + lvl + "-" + stamp;
        Export out = f == Format.GEOJSON ? geoJson(parent, lvl, at, name) : geoPackage(parent, lvl, at, name);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("parent", parent);
        detail.put("level", lvl);
        detail.put("format", f.name().toLowerCase(Locale.ROOT));
        detail.put("at", at == null ? "current" : at.toString());
        detail.put("features", out.features());
        audit.record(caller.username(), caller.role().key(), "grid.export", "grid:" + parent, ip, detail);
        return out;
    }

    private static final String VALID = " AND (CAST(? AS timestamptz) IS NULL AND valid_to IS NULL OR valid_from <= ? AND (valid_to IS NULL OR valid_to > ?))";

    private Export geoJson(String parent, String level, @Nullable Instant at, String name) {
        String sql = """
                SELECT count(*), json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                  'type', 'Feature', 'id', code,
                  'geometry', ST_AsGeoJSON(geom, 9)::json,
                  'properties', json_build_object('code', code, 'name', name, 'level', level, 'parentCode', parent_code,
                     'version', version, 'validFrom', valid_from, 'validTo', valid_to, 'areaSqm', round(area_sqm::numeric, 1)))
                  ORDER BY code), '[]'::json))::text
                FROM grid WHERE code LIKE ? AND level = ?""" + VALID;
        return query(sql, parent, level, at, rs -> {
            int n = rs.getInt(1);
            return new Export(rs.getString(2).getBytes(StandardCharsets.UTF_8), "application/geo+json", name + ".geojson", n);
        });
    }

    private Export geoPackage(String parent, String level, @Nullable Instant at, String name) {
        String sql = """
                SELECT code, name, level, parent_code, version, valid_from, valid_to, area_sqm, ST_AsBinary(ST_Multi(geom)),
                       ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
                FROM grid WHERE code LIKE ? AND level = ?""" + VALID + " ORDER BY code";
        List<GeoPackageGridWriter.Row> rows = new ArrayList<>();
        double[] bbox = {180, 90, -180, -90};
        query(sql, parent, level, at, rs -> {
            do {
                if (rows.size() >= config.maxExportFeatures()) {
                    throw ApiException.badParameter("parent", "more than " + config.maxExportFeatures() + " grids; export a smaller parent");
                }
                Timestamp to = rs.getTimestamp(7);
                rows.add(new GeoPackageGridWriter.Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getTimestamp(6).toInstant().toString(), to == null ? null : to.toInstant().toString(), rs.getDouble(8), rs.getBytes(9)));
                bbox[0] = Math.min(bbox[0], rs.getDouble(10));
                bbox[1] = Math.min(bbox[1], rs.getDouble(11));
                bbox[2] = Math.max(bbox[2], rs.getDouble(12));
                bbox[3] = Math.max(bbox[3], rs.getDouble(13));
            } while (rs.next());
            return null;
        });
        try {
            File dir = Files.createTempDirectory("yiwang-export").toFile();
            File file = new File(dir, name + ".gpkg");
            try {
                GeoPackageGridWriter.write(file, rows, rows.isEmpty() ? new double[] {0, 0, 0, 0} : bbox);
                return new Export(Files.readAllBytes(file.toPath()), "application/geopackage+sqlite3", file.getName(), rows.size());
            } finally {
                Files.deleteIfExists(file.toPath());
                Files.deleteIfExists(new File(dir, file.getName() + "-journal").toPath());
                Files.deleteIfExists(dir.toPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the GeoPackage failed", e);
        }
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, String parent, String level, @Nullable Instant at, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parent + "%");
            ps.setString(2, level);
            Timestamp t = at == null ? null : Timestamp.from(at);
            ps.setTimestamp(3, t);
            ps.setTimestamp(4, t);
            ps.setTimestamp(5, t);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? reader.read(rs) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("exporting grids under " + parent + " failed", e);
        }
    }

    private String levelOf(String code, @Nullable Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT level FROM grid WHERE code = ? AND (valid_to IS NULL OR valid_from <= ?) "
                     + "ORDER BY valid_to IS NULL DESC LIMIT 1")) {
            ps.setString(1, code);
            ps.setTimestamp(2, Timestamp.from(at == null ? Instant.now() : at));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("No grid with code " + code + ".");
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading grid " + code + " failed", e);
        }
    }

    private GridDraftRepository.GridRow parentRow(String parent) {
        return Transactions.inTransaction(dataSource, "reading the import's parent", c -> repository.current(c, parent)
                .orElseThrow(() -> ApiException.notFound("No grid with code " + parent + ".")));
    }

    private static void sniffNot(byte[] file, String claimed) throws ImportRefusedException {
        if (startsWith(file, "PK\u0003\u0004")) {
            throw new ImportRefusedException("file", "claims to be " + claimed + " but is a zip (a zipped Shapefile? use format=shp)");
        }
        if (startsWith(file, "SQLite format 3\0")) {
            throw new ImportRefusedException("file", "claims to be " + claimed + " but is an SQLite database (a GeoPackage? use format=gpkg)");
        }
    }

    private static boolean startsWith(byte[] file, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (file.length < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (file[i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    private static ApiException refused(String where, String message) {
        boolean parameter = where.equals("crs") || where.equals("table") || where.equals("file") || where.startsWith("file/");
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-import", "The import was refused at " + where + ": " + message + ".",
                List.of(parameter ? new Problem.InvalidParam(where, null, message) : new Problem.InvalidParam(null, where, message)));
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
