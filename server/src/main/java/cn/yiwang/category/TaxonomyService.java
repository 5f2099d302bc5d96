package cn.yiwang.category;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.security.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * The taxonomy for everyone else: an immutable in-memory {@link Taxonomy} snapshot for lookups
 * (no database round trip on the case hot path), and the admin edits.
 *
 * <p>Every edit is validated ({@link TaxonomyReader}), checked against the version the editor
 * read (optimistic concurrency), written together with its audit entry (old and new values of the
 * changed fields) in one transaction, and then the snapshot is re-read and swapped atomically, so
 * a case created right after the edit's response already uses the new deadline and departments.
 * Reloads are serialised, so the newest snapshot always wins.
 *
 * <p>Other server instances see an edit on their next {@link #reload()} (start-up); see the
 * package notes. Thread-safe.
 */
@Singleton
public class TaxonomyService {

    /** Who makes an edit, for the audit log. */
    public record Actor(String username, @Nullable String role, @Nullable String clientIp) {
    }

    /** The result of an edit: the JSON view of the edited item and its new version (the ETag). */
    public record Edited(Map<String, Object> json, int version) {
    }

    static final String INVALID_BODY = "/problems/invalid-body";

    private final TaxonomyRepository repository;
    private final AuditLog audit;
    private final JsonMapper json;
    private final AtomicReference<Taxonomy> snapshot = new AtomicReference<>();

    public TaxonomyService(TaxonomyRepository repository, AuditLog audit, JsonMapper json) {
        this.repository = repository;
        this.audit = audit;
        this.json = json;
    }

    // ---- lookups

    /** The current snapshot; loaded from the database on first use. */
    public Taxonomy snapshot() {
        Taxonomy t = snapshot.get();
        return t != null ? t : reload();
    }

    /** Re-reads the tables and swaps the snapshot. */
    public synchronized Taxonomy reload() {
        Taxonomy t = repository.load();
        snapshot.set(t);
        return t;
    }

    /** A sub-category by code, active or not (check {@link Category#active()} for new cases). */
    public Optional<Category> subCategory(String code) {
        return snapshot().subCategory(code);
    }

    /** The department responsible for a sub-category when dispatched at {@code level}. */
    public Optional<Department> departmentFor(String subCode, DispatchLevel level) {
        return snapshot().departmentFor(subCode, level);
    }

    /** Every sub-category in display order. */
    public List<Category> all() {
        return snapshot().subCategories();
    }

    public List<TopCategory> tops() {
        return snapshot().tops();
    }

    public List<Department> departments() {
        return snapshot().departments();
    }

    /** The canned reply of a sub-category for a workflow state (its own, else its top category's). */
    public Optional<String> reply(String subCode, ReplyState state) {
        return snapshot().reply(subCode, state);
    }

    // ---- edits

    /**
     * Edits a sub-category, or a top category when {@code code} is one (nameZh, description,
     * replies).
     *
     * @param ifMatch the {@code If-Match} header: {@code "version"} or {@code *}; or send
     *                {@code version} in the body
     */
    public Edited updateCategory(String code, @Nullable String body, @Nullable String ifMatch, Actor actor) {
        Object parsed = parse(body);
        Taxonomy t = snapshot();
        Optional<Category> current = t.subCategory(code);
        if (current.isEmpty()) {
            Optional<TopCategory> top = t.top(code);
            if (top.isPresent()) {
                return updateTop(top.get(), parsed, ifMatch, actor);
            }
            throw ApiException.notFound("No category with code " + code + ".");
        }
        Precondition pre = Precondition.of(ifMatch, parsed);
        Category updated = valid(TaxonomyReader.categoryEdit(parsed, current.get(), t), "category " + code);
        Map<String, Object> before = TaxonomyJson.categoryAsStored(current.get());
        Map<String, Object> after = TaxonomyJson.categoryAsStored(updated);
        write("category", code, pre, before, after, actor, "category.update",
                (c, expected) -> repository.updateCategory(c, updated, expected, actor.username()));
        Taxonomy now = snapshot();
        Category stored = now.subCategory(code).orElseThrow();
        return new Edited(TaxonomyJson.category(stored, now), stored.revision().version());
    }

    private Edited updateTop(TopCategory current, Object parsed, @Nullable String ifMatch, Actor actor) {
        Precondition pre = Precondition.of(ifMatch, parsed);
        TopCategory updated = valid(TaxonomyReader.topEdit(parsed, current), "top category " + current.code());
        write("top_category", current.code(), pre, TaxonomyJson.topAsStored(current), TaxonomyJson.topAsStored(updated), actor,
                "category.update", (c, expected) -> repository.updateTop(c, updated, expected, actor.username()));
        TopCategory stored = snapshot().top(current.code()).orElseThrow();
        return new Edited(TaxonomyJson.top(stored), stored.revision().version());
    }

    /** Adds a sub-category; 409 when its code is taken. */
    public Edited createCategory(@Nullable String body, Actor actor) {
        Object parsed = parse(body);
        Taxonomy t = snapshot();
        Category created = valid(TaxonomyReader.newCategory(parsed, t), "new category");
        repository.inTransaction(c -> {
            repository.insertCategory(c, created, actor.username()).orElseThrow(() -> conflict(
                    "The code " + created.code() + " is taken; choose another or leave code out to get the next free one."));
            audit.record(c, actor.username(), actor.role(), "category.create", "category:" + created.code(), actor.clientIp(),
                    Map.of("new", TaxonomyJson.categoryAsStored(created), "topCode", created.topCode()));
            return null;
        }, "creating category " + created.code());
        Taxonomy now = reload();
        Category stored = now.subCategory(created.code()).orElseThrow();
        return new Edited(TaxonomyJson.category(stored, now), stored.revision().version());
    }

    /**
     * Edits a department; deactivating one that active categories still name is refused (409)
     * until they are given another department.
     */
    public Edited updateDepartment(String code, @Nullable String body, @Nullable String ifMatch, Actor actor) {
        Object parsed = parse(body);
        Department current = snapshot().department(code)
                .orElseThrow(() -> ApiException.notFound("No department with code " + code + "."));
        Precondition pre = Precondition.of(ifMatch, parsed);
        Department updated = valid(TaxonomyReader.departmentEdit(parsed, current), "department " + code);
        write("department", code, pre, TaxonomyJson.departmentAsStored(current), TaxonomyJson.departmentAsStored(updated),
                actor, "department.update", (c, expected) -> {
                    if (!updated.active()) {
                        List<String> using = repository.activeCategoriesUsing(c, code);
                        if (!using.isEmpty()) {
                            throw conflict("Department " + code + " still handles the active categories " + String.join(", ", using)
                                    + "; give them another department before deactivating it.");
                        }
                    }
                    return repository.updateDepartment(c, updated, expected, actor.username());
                });
        Department stored = snapshot().department(code).orElseThrow();
        return new Edited(TaxonomyJson.department(stored), stored.revision().version());
    }

    /** Adds a department; 409 when its code is taken. */
    public Edited createDepartment(@Nullable String body, Actor actor) {
        Object parsed = parse(body);
        Department created = valid(TaxonomyReader.newDepartment(parsed, snapshot()), "new department");
        repository.inTransaction(c -> {
            repository.insertDepartment(c, created, actor.username())
                    .orElseThrow(() -> conflict("The department code " + created.code() + " is taken."));
            audit.record(c, actor.username(), actor.role(), "department.create", "department:" + created.code(),
                    actor.clientIp(), Map.of("new", TaxonomyJson.departmentAsStored(created)));
            return null;
        }, "creating department " + created.code());
        Department stored = reload().department(created.code()).orElseThrow();
        return new Edited(TaxonomyJson.department(stored), stored.revision().version());
    }

    @FunctionalInterface
    private interface Update {
        Optional<Revision> write(Connection c, int expectedVersion) throws SQLException;
    }

    /**
     * The common part of an edit: nothing changed → only the version check; else write, audit the
     * changed fields' old and new values in the same transaction, then swap the snapshot.
     */
    private void write(String table, String code, Precondition pre, Map<String, Object> before, Map<String, Object> after,
                       Actor actor, String action, Update update) {
        List<String> changed = new ArrayList<>();
        Map<String, Object> oldValues = new LinkedHashMap<>();
        Map<String, Object> newValues = new LinkedHashMap<>();
        for (String field : after.keySet()) {
            if (!Objects.equals(before.get(field), after.get(field))) {
                changed.add(field);
                oldValues.put(field, before.get(field));
                newValues.put(field, after.get(field));
            }
        }
        repository.inTransaction(c -> {
            int stored = repository.version(c, table, code).orElseThrow(() -> ApiException.notFound("No " + table.replace('_', ' ')
                    + " with code " + code + "."));
            int expected = pre.any() ? stored : pre.version();
            if (changed.isEmpty()) {
                if (expected != stored) {
                    throw pre.stale(code, stored);
                }
                return null;
            }
            Revision written = update.write(c, expected).orElseThrow(() -> pre.stale(code, stored));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("changed", changed);
            detail.put("old", oldValues);
            detail.put("new", newValues);
            detail.put("version", written.version());
            audit.record(c, actor.username(), actor.role(), action, target(table) + code, actor.clientIp(), detail);
            return written;
        }, "editing " + code);
        reload();
    }

    private static String target(String table) {
        return switch (table) {
            case "department" -> "department:";
            case "top_category" -> "top-category:";
            default -> "category:";
        };
    }

    /** The expected version, from {@code If-Match} or the body's {@code version}. */
    record Precondition(int version, boolean fromIfMatch) {

        static final int ANY = -1;

        boolean any() {
            return version == ANY;
        }

        static Precondition of(@Nullable String ifMatch, Object body) {
            Integer fromBody = null;
            if (body instanceof Map<?, ?> m && m.get("version") != null) {
                if (!(m.get("version") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
                        || n.doubleValue() > Integer.MAX_VALUE) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY,
                            "Invalid edit at /version: must be the whole number you read (the ETag without quotes).",
                            List.of(new Problem.InvalidParam(null, "/version", "must be a whole number of at least 1")));
                }
                fromBody = n.intValue();
            }
            Integer fromHeader = null;
            if (ifMatch != null && !ifMatch.isBlank()) {
                String v = ifMatch.trim();
                if (v.equals("*")) {
                    fromHeader = ANY;
                } else {
                    if (v.startsWith("W/")) {
                        v = v.substring(2);
                    }
                    if (!v.matches("\"[1-9][0-9]{0,8}\"")) {
                        throw ApiException.badParameter("If-Match", "'" + cn.yiwang.api.Params.clip(ifMatch)
                                + "' is not an ETag of this API such as \"3\" (or *)");
                    }
                    fromHeader = Integer.parseInt(v.substring(1, v.length() - 1));
                }
            }
            if (fromHeader != null && fromBody != null && !fromHeader.equals(fromBody) && fromHeader != ANY) {
                throw ApiException.badParameter("If-Match", "ETag " + ifMatch.trim() + " and body version " + fromBody + " differ");
            }
            if (fromHeader == null && fromBody == null) {
                throw new ApiException(HttpStatus.PRECONDITION_REQUIRED, "/problems/precondition-required",
                        "Send the version you edit: an If-Match header with the ETag of your GET (\"3\"), or \"version\": 3 in the body.",
                        List.of(new Problem.InvalidParam("If-Match", null, "is required (or version in the body)")));
            }
            return fromBody != null ? new Precondition(fromBody, false) : new Precondition(fromHeader, true);
        }

        /** 412 for a failed If-Match (RFC 9110), 409 for a stale body version. */
        ApiException stale(String code, int stored) {
            String detail = code + " was changed after you read it: it is at version " + stored + ", you sent " + version
                    + ". Read it again (GET), reapply your change and send it with the new version.";
            return fromIfMatch ? new ApiException(HttpStatus.PRECONDITION_FAILED, "/problems/precondition-failed", detail, List.of())
                    : new ApiException(HttpStatus.CONFLICT, "/problems/conflict", detail,
                            List.of(new Problem.InvalidParam(null, "/version", "is " + version + ", the current version is " + stored)));
        }
    }

    private static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "/problems/conflict", detail, List.of());
    }

    private static <T> T valid(TaxonomyReader.Result<T> r, String what) {
        if (r.ok()) {
            return r.value();
        }
        TaxonomyReader.Issue first = r.issues().get(0);
        String more = r.issues().size() == 1 ? "" : " (and " + (r.issues().size() - 1) + " more, listed in errors)";
        throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY,
                "Invalid " + what + " at " + (first.pointer().isEmpty() ? "the body" : first.pointer()) + ": " + first.detail() + more
                        + ". Nothing was changed.",
                r.issues().stream().map(i -> new Problem.InvalidParam(null, i.pointer(), i.detail())).toList());
    }

    private Object parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY, "The body is empty; send a JSON object.",
                    List.of(new Problem.InvalidParam(null, "", "is empty")));
        }
        try {
            return json.readValue(body, Object.class);
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY, "The body is not valid JSON.",
                    List.of(new Problem.InvalidParam(null, "", "is not valid JSON")));
        }
    }
}
