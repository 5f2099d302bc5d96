package cn.yiwang.population.status;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A status campaign (作战图): its statuses and their styles are data. {@code subject}: statuses are
 * set per {@code household} or per {@code person}.
 */
@Serdeable
public record Campaign(String code, String name, String subject, List<Status> statuses, @Nullable Boolean active) {

    /** Symbols the console can draw. */
    public static final Set<String> SYMBOLS = Set.of("circle", "square", "triangle", "star", "cross", "diamond");

    @Serdeable
    public record Status(String code, String label, String color, String symbol) {
    }

    /** What is wrong with this definition, by JSON pointer → reason; empty when it is fine. */
    public List<String[]> problems() {
        List<String[]> out = new java.util.ArrayList<>();
        if (code == null || !code.matches("[a-z0-9_-]{1,40}")) {
            out.add(new String[] {"/code", "must be 1–40 lower-case letters, digits, '_' or '-'"});
        }
        if (name == null || name.isBlank() || name.length() > 100) {
            out.add(new String[] {"/name", "must be 1–100 characters"});
        }
        if (!"household".equals(subject) && !"person".equals(subject)) {
            out.add(new String[] {"/subject", "must be household or person"});
        }
        if (statuses == null || statuses.isEmpty() || statuses.size() > 20) {
            out.add(new String[] {"/statuses", "must list 1–20 statuses"});
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < statuses.size(); i++) {
            Status s = statuses.get(i);
            String at = "/statuses/" + i;
            if (s == null) {
                out.add(new String[] {at, "is null"});
                continue;
            }
            if (s.code() == null || !s.code().matches("[a-z0-9_]{1,40}")) {
                out.add(new String[] {at + "/code", "must be 1–40 lower-case letters, digits or '_'"});
            } else if (!seen.add(s.code())) {
                out.add(new String[] {at + "/code", "'" + s.code() + "' appears twice"});
            }
            if (s.label() == null || s.label().isBlank() || s.label().length() > 40) {
                out.add(new String[] {at + "/label", "must be 1–40 characters"});
            }
            if (s.color() == null || !s.color().matches("#[0-9a-fA-F]{6}")) {
                out.add(new String[] {at + "/color", "must be #rrggbb"});
            }
            if (s.symbol() == null || !SYMBOLS.contains(s.symbol())) {
                out.add(new String[] {at + "/symbol", "must be one of " + new java.util.TreeSet<>(SYMBOLS)});
            }
        }
        return out;
    }

    public boolean hasStatus(String statusCode) {
        return statuses.stream().anyMatch(s -> s.code().equals(statusCode));
    }
}
