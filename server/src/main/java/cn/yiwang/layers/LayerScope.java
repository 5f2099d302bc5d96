package cn.yiwang.layers;

import java.util.List;
import java.util.Objects;

/**
 * The rows of a non-public layer one caller may see. {@code sqlCondition} is a boolean SQL
 * expression over the layer's source columns with {@code ?} placeholders for {@code sqlArgs}, in
 * order; it is built from constants and only binds values. Callers with the same {@code key} see
 * exactly the same rows, so whatever is derived from the rows (a tile) may be shared between them
 * and never with callers of another key. Immutable.
 *
 * @param key          names the set of visible rows, e.g. {@code grid:410103001004}
 * @param sqlCondition the filter, e.g. {@code grid_code LIKE ?}
 * @param sqlArgs      the values bound to its placeholders
 */
public record LayerScope(String key, String sqlCondition, List<Object> sqlArgs) {

    public LayerScope {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sqlCondition, "sqlCondition");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a scope key must not be empty (the empty key is that of public layers)");
        }
        sqlArgs = List.copyOf(sqlArgs);
        long marks = sqlCondition.chars().filter(ch -> ch == '?').count();
        if (marks != sqlArgs.size()) {
            throw new IllegalArgumentException("scope " + key + ": " + marks + " placeholders but " + sqlArgs.size() + " values");
        }
    }
}
