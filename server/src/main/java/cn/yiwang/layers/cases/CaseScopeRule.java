package cn.yiwang.layers.cases;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import cn.yiwang.layers.LayerScope;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;

/**
 * Which cases a caller sees on the map and in the OGC collection: the grid-scope part of
 * {@code CaseService.visible}. The ops center and admins see the cases whose grid lies in their
 * scope plus the unassigned queue ({@link Kind#DESK}); a department sees its own cases in its scope
 * ({@link Kind#DEPARTMENT}); everyone else the cases whose grid lies in their scope
 * ({@link Kind#GRID}). Unlike the case list, the map leaves out the cases a caller sees only because
 * they reported them or because a phone's accuracy circle reached their grid: a rule of role and
 * scope alone lets everyone with the same rule share tiles. One rule gives both the SQL condition
 * (points, OGC) and the in-memory test (clusters), so the two cannot disagree. Immutable.
 *
 * @param kind           how the rule filters
 * @param gridPrefix     the scope: a grid code; cases of that grid and its descendants (codes extend
 *                       their parent's)
 * @param departmentCode for {@link Kind#DEPARTMENT}: the department
 */
public record CaseScopeRule(Kind kind, String gridPrefix, @Nullable String departmentCode) {

    /** How a rule filters. */
    public enum Kind {
        /** grid in scope, or no grid (the unassigned queue) */
        DESK,
        /** the department's cases: grid in scope or none */
        DEPARTMENT,
        /** grid in scope */
        GRID
    }

    private static final Pattern GRID_CODE = Pattern.compile("[0-9A-Za-z_-]{1,40}");
    private static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z][a-z0-9_]{1,39}");

    public CaseScopeRule {
        Objects.requireNonNull(kind, "kind");
        if (gridPrefix == null || !GRID_CODE.matcher(gridPrefix).matches()) {
            throw new IllegalArgumentException("not a grid code: " + gridPrefix);
        }
        if ((kind == Kind.DEPARTMENT) != (departmentCode != null)) {
            throw new IllegalArgumentException("a department code goes with, and only with, kind DEPARTMENT");
        }
        if (departmentCode != null && !DEPARTMENT_CODE.matcher(departmentCode).matches()) {
            throw new IllegalArgumentException("not a department code: " + departmentCode);
        }
    }

    /**
     * The rule of a caller. A department user without a department sees nothing: the rule asks for
     * the impossible department {@code none_}.
     */
    public static CaseScopeRule of(Caller caller) {
        return switch (caller.role()) {
            case OPS, ADMIN -> new CaseScopeRule(Kind.DESK, caller.scope(), null);
            case DEPARTMENT -> new CaseScopeRule(Kind.DEPARTMENT, caller.scope(),
                    caller.departmentCode() == null || !DEPARTMENT_CODE.matcher(caller.departmentCode()).matches()
                            ? "none_" : caller.departmentCode());
            default -> new CaseScopeRule(Kind.GRID, caller.scope(), null);
        };
    }

    /** {@code desk:410103}, {@code dept:urban_mgmt_squad:410103}, {@code grid:410103001004}. */
    public String key() {
        return switch (kind) {
            case DESK -> "desk:" + gridPrefix;
            case DEPARTMENT -> "dept:" + departmentCode + ":" + gridPrefix;
            case GRID -> "grid:" + gridPrefix;
        };
    }

    /** The rule a {@link #key()} names. */
    public static CaseScopeRule parse(String key) {
        String[] parts = key.split(":", 3);
        return switch (parts[0]) {
            case "desk" -> new CaseScopeRule(Kind.DESK, parts[1], null);
            case "grid" -> new CaseScopeRule(Kind.GRID, parts[1], null);
            case "dept" -> new CaseScopeRule(Kind.DEPARTMENT, parts[2], parts[1]);
            default -> throw new IllegalArgumentException("not a case scope key: " + key);
        };
    }

    /** As a {@link LayerScope} over a source with the columns {@code grid_code} and {@code department_code}. */
    public LayerScope toLayerScope() {
        String like = gridPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return switch (kind) {
            case DESK -> new LayerScope(key(), "grid_code LIKE ? OR grid_code IS NULL", List.of(like));
            case DEPARTMENT -> new LayerScope(key(), "department_code = ? AND (grid_code LIKE ? OR grid_code IS NULL)",
                    List.of(departmentCode, like));
            case GRID -> new LayerScope(key(), "grid_code LIKE ?", List.of(like));
        };
    }

    /** Whether a case with this grid ({@code null}: unassigned) and department is visible. */
    public boolean matches(@Nullable String gridCode, @Nullable String caseDepartment) {
        boolean grid = gridCode == null ? kind != Kind.GRID : gridCode.startsWith(gridPrefix);
        return grid && (kind != Kind.DEPARTMENT || departmentCode.equals(caseDepartment));
    }

    /** Whether the rule can show a case of this grid whatever its department. */
    boolean coversGrid(@Nullable String gridCode) {
        return gridCode == null ? kind != Kind.GRID : gridCode.startsWith(gridPrefix);
    }
}
