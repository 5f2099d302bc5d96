package cn.yiwang.category;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import cn.yiwang.calendar.Deadline;
import cn.yiwang.db.Transactions;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * The taxonomy tables ({@code sql/V10__categories.sql}): reads the whole taxonomy, seeds it from
 * the data files, and writes admin edits with optimistic concurrency. Writes that belong together
 * with an audit entry take the caller's {@link Connection}; {@link #inTransaction} runs them.
 */
@Singleton
public class TaxonomyRepository {

    /** What one seeding did, per table: new rows, rows refreshed from a changed file, admin rows left alone. */
    public record SeedCounts(int departmentsInserted, int departmentsRefreshed, int departmentsKept,
                             int topsInserted, int topsRefreshed, int topsKept,
                             int categoriesInserted, int categoriesRefreshed, int categoriesKept) {

        public boolean changedAnything() {
            return departmentsInserted + departmentsRefreshed + topsInserted + topsRefreshed + categoriesInserted
                    + categoriesRefreshed > 0;
        }
    }

    static final String SELECT_DEPARTMENTS = """
            SELECT code, name_zh, level, description, active, version, source, updated_by, updated_at FROM department""";
    static final String SELECT_TOPS = """
            SELECT code, name_zh, description, replies::text, sort_order, version, source, updated_by, updated_at
            FROM top_category""";
    static final String SELECT_CATEGORIES = """
            SELECT code, top_code, name_zh, description, deadline_amount, deadline_unit, self_handle, urgency,
                   location_required, street_department, district_department, keywords::text, replies::text, active,
                   sort_order, version, source, updated_by, updated_at
            FROM category""";

    /*
     * Seeding: insert missing codes; refresh a row the loader wrote before when the file now says
     * something else (a fixed typo reaches existing installations); never touch an admin's row.
     * "xmax = 0" is true for a freshly inserted row and false for an updated one.
     */
    static final String SEED_DEPARTMENT = """
            INSERT INTO department AS d (code, name_zh, level, description, active, source, updated_by)
            VALUES (?, ?, ?, ?, ?, 'data-file', 'system')
            ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, level = EXCLUDED.level,
                description = EXCLUDED.description, active = EXCLUDED.active, version = d.version + 1, updated_at = now()
            WHERE d.source = 'data-file'
              AND (d.name_zh, d.level, d.description, d.active)
                  IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.level, EXCLUDED.description, EXCLUDED.active)
            RETURNING (xmax = 0)""";
    static final String SEED_TOP = """
            INSERT INTO top_category AS t (code, name_zh, description, replies, sort_order, source, updated_by)
            VALUES (?, ?, ?, ?::jsonb, ?, 'data-file', 'system')
            ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, description = EXCLUDED.description,
                replies = EXCLUDED.replies, sort_order = EXCLUDED.sort_order, version = t.version + 1, updated_at = now()
            WHERE t.source = 'data-file'
              AND (t.name_zh, t.description, t.replies, t.sort_order)
                  IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.description, EXCLUDED.replies, EXCLUDED.sort_order)
            RETURNING (xmax = 0)""";
    static final String SEED_CATEGORY = """
            INSERT INTO category AS c (code, top_code, name_zh, description, deadline_amount, deadline_unit, self_handle,
                urgency, location_required, street_department, district_department, keywords, replies, active, sort_order,
                source, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, 'data-file', 'system')
            ON CONFLICT (code) DO UPDATE SET top_code = EXCLUDED.top_code, name_zh = EXCLUDED.name_zh,
                description = EXCLUDED.description, deadline_amount = EXCLUDED.deadline_amount,
                deadline_unit = EXCLUDED.deadline_unit, self_handle = EXCLUDED.self_handle, urgency = EXCLUDED.urgency,
                location_required = EXCLUDED.location_required, street_department = EXCLUDED.street_department,
                district_department = EXCLUDED.district_department, keywords = EXCLUDED.keywords,
                replies = EXCLUDED.replies, active = EXCLUDED.active, sort_order = EXCLUDED.sort_order,
                version = c.version + 1, updated_at = now()
            WHERE c.source = 'data-file'
              AND (c.top_code, c.name_zh, c.description, c.deadline_amount, c.deadline_unit, c.self_handle, c.urgency,
                   c.location_required, c.street_department, c.district_department, c.keywords, c.replies, c.active,
                   c.sort_order)
                  IS DISTINCT FROM (EXCLUDED.top_code, EXCLUDED.name_zh, EXCLUDED.description, EXCLUDED.deadline_amount,
                   EXCLUDED.deadline_unit, EXCLUDED.self_handle, EXCLUDED.urgency, EXCLUDED.location_required,
                   EXCLUDED.street_department, EXCLUDED.district_department, EXCLUDED.keywords, EXCLUDED.replies,
                   EXCLUDED.active, EXCLUDED.sort_order)
            RETURNING (xmax = 0)""";

    static final String UPDATE_CATEGORY = """
            UPDATE category SET name_zh = ?, description = ?, deadline_amount = ?, deadline_unit = ?, self_handle = ?,
                urgency = ?, location_required = ?, street_department = ?, district_department = ?, keywords = ?::jsonb,
                replies = ?::jsonb, active = ?, version = version + 1, source = 'admin', updated_by = ?, updated_at = now()
            WHERE code = ? AND version = ?
            RETURNING version, source, updated_by, updated_at""";
    static final String INSERT_CATEGORY = """
            INSERT INTO category (name_zh, description, deadline_amount, deadline_unit, self_handle, urgency,
                location_required, street_department, district_department, keywords, replies, active, updated_by,
                code, top_code, sort_order, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, 'admin')
            ON CONFLICT (code) DO NOTHING
            RETURNING version, source, updated_by, updated_at""";
    static final String UPDATE_TOP = """
            UPDATE top_category SET name_zh = ?, description = ?, replies = ?::jsonb, version = version + 1,
                source = 'admin', updated_by = ?, updated_at = now()
            WHERE code = ? AND version = ?
            RETURNING version, source, updated_by, updated_at""";
    static final String UPDATE_DEPARTMENT = """
            UPDATE department SET name_zh = ?, level = ?, description = ?, active = ?, version = version + 1,
                source = 'admin', updated_by = ?, updated_at = now()
            WHERE code = ? AND version = ?
            RETURNING version, source, updated_by, updated_at""";
    static final String INSERT_DEPARTMENT = """
            INSERT INTO department (name_zh, level, description, active, updated_by, code, source)
            VALUES (?, ?, ?, ?, ?, ?, 'admin')
            ON CONFLICT (code) DO NOTHING
            RETURNING version, source, updated_by, updated_at""";

    private final DataSource dataSource;
    private final JsonMapper json;

    public TaxonomyRepository(DataSource dataSource, JsonMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The whole taxonomy as stored. */
    public Taxonomy load() {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            // one snapshot of all three tables, even while an edit commits
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                Taxonomy t = new Taxonomy(departments(c), tops(c), categories(c));
                c.commit();
                return t;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the taxonomy failed", e);
        }
    }

    /** Seeds the tables from the data files in one transaction (see the SEED_* statements). */
    public SeedCounts seed(List<Department> departments, TaxonomyReader.Categories categories) {
        return inTransaction(c -> {
            int[] d = new int[3];
            int[] t = new int[3];
            int[] s = new int[3];
            for (Department dep : departments) {
                try (PreparedStatement ps = c.prepareStatement(SEED_DEPARTMENT)) {
                    ps.setString(1, dep.code());
                    ps.setString(2, dep.nameZh());
                    ps.setString(3, dep.level().key());
                    ps.setString(4, dep.description());
                    ps.setBoolean(5, dep.active());
                    count(ps, d);
                }
            }
            for (TopCategory top : categories.tops()) {
                try (PreparedStatement ps = c.prepareStatement(SEED_TOP)) {
                    ps.setString(1, top.code());
                    ps.setString(2, top.nameZh());
                    ps.setString(3, top.description());
                    ps.setString(4, write(replies(top.replies())));
                    ps.setInt(5, top.sortOrder());
                    count(ps, t);
                }
            }
            for (Category cat : categories.subs()) {
                try (PreparedStatement ps = c.prepareStatement(SEED_CATEGORY)) {
                    ps.setString(1, cat.code());
                    ps.setString(2, cat.topCode());
                    ps.setString(3, cat.nameZh());
                    ps.setString(4, cat.description());
                    ps.setInt(5, cat.deadline().amount());
                    ps.setString(6, cat.deadline().unit().key());
                    ps.setBoolean(7, cat.selfHandle());
                    ps.setString(8, cat.urgency().key());
                    ps.setBoolean(9, cat.locationRequired());
                    ps.setString(10, cat.departmentCode(DispatchLevel.STREET));
                    ps.setString(11, cat.departmentCode(DispatchLevel.DISTRICT));
                    ps.setString(12, write(cat.keywords()));
                    ps.setString(13, write(replies(cat.replies())));
                    ps.setBoolean(14, cat.active());
                    ps.setInt(15, cat.sortOrder());
                    count(ps, s);
                }
            }
            d[2] = adminRows(c, "department", departments.stream().map(Department::code).toList());
            t[2] = adminRows(c, "top_category", categories.tops().stream().map(TopCategory::code).toList());
            s[2] = adminRows(c, "category", categories.subs().stream().map(Category::code).toList());
            return new SeedCounts(d[0], d[1], d[2], t[0], t[1], t[2], s[0], s[1], s[2]);
        }, "seeding the taxonomy");
    }

    /** Writes an edit if the row still has {@code expectedVersion}; empty when it does not. */
    public Optional<Revision> updateCategory(Connection c, Category cat, int expectedVersion, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_CATEGORY)) {
            int i = bindCategory(ps, cat, actor);
            ps.setString(i, cat.code());
            ps.setInt(i + 1, expectedVersion);
            return revision(ps);
        }
    }

    /** Inserts a new category; empty when the code is taken. */
    public Optional<Revision> insertCategory(Connection c, Category cat, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_CATEGORY)) {
            int i = bindCategory(ps, cat, actor);
            ps.setString(i, cat.code());
            ps.setString(i + 1, cat.topCode());
            ps.setInt(i + 2, cat.sortOrder());
            return revision(ps);
        }
    }

    public Optional<Revision> updateTop(Connection c, TopCategory top, int expectedVersion, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_TOP)) {
            ps.setString(1, top.nameZh());
            ps.setString(2, top.description());
            ps.setString(3, write(replies(top.replies())));
            ps.setString(4, actor);
            ps.setString(5, top.code());
            ps.setInt(6, expectedVersion);
            return revision(ps);
        }
    }

    public Optional<Revision> updateDepartment(Connection c, Department d, int expectedVersion, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_DEPARTMENT)) {
            bindDepartment(ps, d, actor);
            ps.setInt(7, expectedVersion);
            return revision(ps);
        }
    }

    /** Inserts a new department; empty when the code is taken. */
    public Optional<Revision> insertDepartment(Connection c, Department d, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_DEPARTMENT)) {
            bindDepartment(ps, d, actor);
            return revision(ps);
        }
    }

    /** The stored version of a row of {@code table} (department, top_category or category). */
    public Optional<Integer> version(Connection c, String table, String code) throws SQLException {
        String sql = switch (table) {
            case "department" -> "SELECT version FROM department WHERE code = ?";
            case "top_category" -> "SELECT version FROM top_category WHERE code = ?";
            case "category" -> "SELECT version FROM category WHERE code = ?";
            default -> throw new IllegalArgumentException(table);
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** Active categories naming a department at any level, for refusing to deactivate it. */
    public List<String> activeCategoriesUsing(Connection c, String departmentCode) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT code FROM category WHERE active AND ? IN (street_department, district_department) ORDER BY code FOR SHARE")) {
            ps.setString(1, departmentCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Runs {@code work} in one transaction ({@link Transactions#inTransaction}). */
    public <T> T inTransaction(Transactions.Work<T> work, String what) {
        return Transactions.inTransaction(dataSource, what, work);
    }

    private int bindCategory(PreparedStatement ps, Category cat, String actor) throws SQLException {
        ps.setString(1, cat.nameZh());
        ps.setString(2, cat.description());
        ps.setInt(3, cat.deadline().amount());
        ps.setString(4, cat.deadline().unit().key());
        ps.setBoolean(5, cat.selfHandle());
        ps.setString(6, cat.urgency().key());
        ps.setBoolean(7, cat.locationRequired());
        ps.setString(8, cat.departmentCode(DispatchLevel.STREET));
        ps.setString(9, cat.departmentCode(DispatchLevel.DISTRICT));
        ps.setString(10, write(cat.keywords()));
        ps.setString(11, write(replies(cat.replies())));
        ps.setBoolean(12, cat.active());
        ps.setString(13, actor);
        return 14;
    }

    private static void bindDepartment(PreparedStatement ps, Department d, String actor) throws SQLException {
        ps.setString(1, d.nameZh());
        ps.setString(2, d.level().key());
        ps.setString(3, d.description());
        ps.setBoolean(4, d.active());
        ps.setString(5, actor);
        ps.setString(6, d.code());
    }

    private static Optional<Revision> revision(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(revision(rs, 1)) : Optional.empty();
        }
    }

    private static Revision revision(ResultSet rs, int first) throws SQLException {
        return new Revision(rs.getInt(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getTimestamp(first + 3).toInstant());
    }

    private static void count(PreparedStatement ps, int[] counts) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                counts[rs.getBoolean(1) ? 0 : 1]++;
            }
        }
    }

    private static int adminRows(Connection c, String table, List<String> codes) throws SQLException {
        String sql = "SELECT count(*) FROM " + switch (table) {
            case "department", "top_category", "category" -> table;
            default -> throw new IllegalArgumentException(table);
        } + " WHERE source = 'admin' AND code = ANY (?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<Department> departments(Connection c) throws SQLException {
        List<Department> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_DEPARTMENTS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Department(rs.getString(1), rs.getString(2),
                        Department.Level.fromKey(rs.getString(3)).orElseThrow(), rs.getString(4), rs.getBoolean(5),
                        revision(rs, 6)));
            }
        }
        return out;
    }

    private List<TopCategory> tops(Connection c) throws SQLException {
        List<TopCategory> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_TOPS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TopCategory(rs.getString(1), rs.getString(2), rs.getString(3), readReplies(rs.getString(4)),
                        rs.getInt(5), revision(rs, 6)));
            }
        }
        return out;
    }

    private List<Category> categories(Connection c) throws SQLException {
        List<Category> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_CATEGORIES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<DispatchLevel, String> departments = new EnumMap<>(DispatchLevel.class);
                departments.put(DispatchLevel.STREET, rs.getString(10));
                departments.put(DispatchLevel.DISTRICT, rs.getString(11));
                out.add(new Category(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        new Deadline(rs.getInt(5), Deadline.Unit.fromKey(rs.getString(6))), rs.getBoolean(7),
                        Urgency.fromKey(rs.getString(8)).orElseThrow(), rs.getBoolean(9), departments,
                        readKeywords(rs.getString(12)), readReplies(rs.getString(13)), rs.getBoolean(14), rs.getInt(15),
                        revision(rs, 16)));
            }
        }
        return out;
    }

    static Map<String, String> replies(Map<ReplyState, String> replies) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ReplyState s : ReplyState.values()) {
            if (replies.containsKey(s)) {
                out.put(s.key(), replies.get(s));
            }
        }
        return out;
    }

    private Map<ReplyState, String> readReplies(String text) {
        Map<ReplyState, String> out = new EnumMap<>(ReplyState.class);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) read(text)).entrySet()) {
            ReplyState.fromKey(String.valueOf(e.getKey())).ifPresent(s -> out.put(s, String.valueOf(e.getValue())));
        }
        return out;
    }

    private List<String> readKeywords(String text) {
        return ((List<?>) read(text)).stream().map(String::valueOf).toList();
    }

    private Object read(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable JSON in the taxonomy tables: " + e.getMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
