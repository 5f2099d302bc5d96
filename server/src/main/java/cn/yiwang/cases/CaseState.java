package cn.yiwang.cases;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One case as a value: its id, version, timestamps and every {@link CaseColumn}. Immutable;
 * {@link #with(Map, Instant)} makes the next version.
 */
public final class CaseState {

    private final long id;
    private final int version;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Map<CaseColumn, Object> values;

    public CaseState(long id, int version, Instant createdAt, Instant updatedAt, Map<CaseColumn, Object> values) {
        this.id = id;
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        EnumMap<CaseColumn, Object> copy = new EnumMap<>(CaseColumn.class);
        values.forEach((k, v) -> {
            if (!isDefault(k, v)) {
                copy.put(k, v);
            }
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    /**
     * Values equal to the column's database default (null, false, an empty list, an empty JSON array,
     * a zero counter) are not held, so a state read from a row equals the state folded from events.
     */
    static boolean isDefault(CaseColumn c, Object v) {
        if (v == null || Boolean.FALSE.equals(v)) {
            return true;
        }
        return switch (c.kind()) {
            case TEXT_ARRAY -> ((List<?>) v).isEmpty();
            case JSON -> "[]".equals(v.toString().replace(" ", ""));
            case INT -> c != CaseColumn.FLOOR && c != CaseColumn.SATISFACTION && ((Number) v).intValue() == 0;
            default -> false;
        };
    }

    /** The next version: {@code changes} applied (a null value clears the field). */
    public CaseState with(Map<CaseColumn, Object> changes, Instant at) {
        EnumMap<CaseColumn, Object> next = new EnumMap<>(CaseColumn.class);
        next.putAll(values);
        changes.forEach((k, v) -> {
            if (isDefault(k, v)) {
                next.remove(k);
            } else {
                next.put(k, v);
            }
        });
        return new CaseState(id, version + 1, createdAt, at, next);
    }

    public long id() {
        return id;
    }

    public int version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Map<CaseColumn, Object> values() {
        return values;
    }

    public Object get(CaseColumn c) {
        return values.get(c);
    }

    public String text(CaseColumn c) {
        Object v = values.get(c);
        return v == null ? null : v.toString();
    }

    public int integer(CaseColumn c) {
        Object v = values.get(c);
        return v == null ? 0 : ((Number) v).intValue();
    }

    public Long longValue(CaseColumn c) {
        Object v = values.get(c);
        return v == null ? null : ((Number) v).longValue();
    }

    public Double decimal(CaseColumn c) {
        Object v = values.get(c);
        return v == null ? null : ((Number) v).doubleValue();
    }

    public boolean flag(CaseColumn c) {
        return Boolean.TRUE.equals(values.get(c));
    }

    public Instant instant(CaseColumn c) {
        return (Instant) values.get(c);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(CaseColumn c) {
        Object v = values.get(c);
        return v == null ? List.of() : (List<String>) v;
    }

    public CaseStatus status() {
        return CaseStatus.fromKey(text(CaseColumn.STATUS));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseState s && s.id == id && s.version == version && s.createdAt.equals(createdAt)
                && s.updatedAt.equals(updatedAt) && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, values);
    }

    @Override
    public String toString() {
        return "CaseState{id=" + id + ", version=" + version + ", " + values + "}";
    }
}
