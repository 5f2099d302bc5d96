package cn.yiwang.open311;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.cases.CaseRequest;
import cn.yiwang.db.Transactions;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Registers Open311 client apps and checks their keys. A new client's key is generated here,
 * returned once and stored only as its SHA-256; every change is written together with its audit
 * entry (who, old and new values; never the key) in one transaction. Thread-safe.
 */
@Singleton
public class Open311ClientService {

    public static final int DEFAULT_REQUESTS_PER_MINUTE = 60;
    public static final int MAX_REQUESTS_PER_MINUTE = 10_000;
    public static final int MAX_NAME_CHARS = 100;

    /** A client just created, with its key: the only time the key is shown. */
    @Serdeable
    public record Registered(long id, String name, boolean enabled, int requestsPerMinute, Instant createdAt, String createdBy,
                             String apiKey) {
    }

    private final Open311ClientRepository repository;
    private final AuditLog audit;
    private final JsonMapper json;

    public Open311ClientService(Open311ClientRepository repository, AuditLog audit, JsonMapper json) {
        this.repository = repository;
        this.audit = audit;
        this.json = json;
    }

    /** The enabled client owning {@code apiKey}; empty for unknown, disabled or over-long keys. */
    public Optional<Open311Client> authenticate(String apiKey) {
        if (apiKey.length() > ApiKeys.MAX_LENGTH) {
            return Optional.empty();
        }
        return repository.byKeyHash(ApiKeys.hash(apiKey)).filter(Open311Client::enabled);
    }

    public List<Open311Client> all() {
        return repository.all();
    }

    public Open311Client get(long id) {
        return inTransaction(c -> repository.find(c, id, false).orElseThrow(() -> notFound(id)), "reading Open311 client " + id);
    }

    /** {@code {"name", "requestsPerMinute"?}} → a new client with a fresh key. */
    public Registered create(@Nullable String body, Caller admin, @Nullable String clientIp) {
        Map<String, Object> m = object(body);
        List<Problem.InvalidParam> errors = new ArrayList<>();
        unknownFields(m, Set.of("name", "requestsPerMinute"), errors);
        String name = CaseRequest.text(m, "name", "/name", true, MAX_NAME_CHARS, errors);
        Integer perMinute = perMinute(m, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        int rpm = perMinute == null ? DEFAULT_REQUESTS_PER_MINUTE : perMinute;
        String key = ApiKeys.generate();
        Open311Client client = register(name, key, rpm, admin.username(), admin.role().key(), clientIp)
                .orElseThrow(() -> new IllegalStateException("a freshly generated API key collided"));
        return new Registered(client.id(), client.name(), client.enabled(), client.requestsPerMinute(), client.createdAt(),
                client.createdBy(), key);
    }

    /**
     * Inserts a client with a given key (the demo client's fixed key); empty when that key is
     * registered already. Audited.
     */
    Optional<Open311Client> register(String name, String apiKey, int requestsPerMinute, String actor, @Nullable String role,
                                     @Nullable String clientIp) {
        return inTransaction(c -> {
            Optional<Open311Client> inserted = repository.insert(c, name, ApiKeys.hash(apiKey), requestsPerMinute, actor);
            if (inserted.isPresent()) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("name", name);
                detail.put("requestsPerMinute", requestsPerMinute);
                audit.record(c, actor, role, "open311.client.create", target(inserted.get().id()), clientIp, detail);
            }
            return inserted;
        }, "registering an Open311 client");
    }

    /** {@code {"name"?, "enabled"?, "requestsPerMinute"?}}: changes what is given. */
    public Open311Client update(long id, @Nullable String body, Caller admin, @Nullable String clientIp) {
        Map<String, Object> m = object(body);
        List<Problem.InvalidParam> errors = new ArrayList<>();
        unknownFields(m, Set.of("name", "enabled", "requestsPerMinute"), errors);
        String name = CaseRequest.text(m, "name", "/name", false, MAX_NAME_CHARS, errors);
        if (m.get("name") instanceof String s && s.isBlank()) {
            errors.add(new Problem.InvalidParam(null, "/name", "must not be empty"));
        }
        Integer perMinute = perMinute(m, errors);
        Object enabledRaw = m.get("enabled");
        if (enabledRaw != null && !(enabledRaw instanceof Boolean)) {
            errors.add(new Problem.InvalidParam(null, "/enabled", "must be true or false"));
        }
        if (m.isEmpty()) {
            errors.add(new Problem.InvalidParam(null, "", "send at least one of name, enabled, requestsPerMinute"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return inTransaction(c -> {
            Open311Client old = repository.find(c, id, true).orElseThrow(() -> notFound(id));
            String newName = name != null ? name : old.name();
            boolean newEnabled = enabledRaw != null ? (Boolean) enabledRaw : old.enabled();
            int newPerMinute = perMinute != null ? perMinute : old.requestsPerMinute();
            Map<String, Object> before = fields(old.name(), old.enabled(), old.requestsPerMinute());
            Map<String, Object> after = fields(newName, newEnabled, newPerMinute);
            List<String> changed = after.keySet().stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
            if (changed.isEmpty()) {
                return old;
            }
            Open311Client updated = repository.update(c, id, newName, newEnabled, newPerMinute);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("changed", changed);
            detail.put("old", before);
            detail.put("new", after);
            audit.record(c, admin.username(), admin.role().key(), "open311.client.update", target(id), clientIp, detail);
            return updated;
        }, "updating Open311 client " + id);
    }

    private static Map<String, Object> fields(String name, boolean enabled, int perMinute) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("enabled", enabled);
        m.put("requestsPerMinute", perMinute);
        return m;
    }

    private static @Nullable Integer perMinute(Map<String, Object> m, List<Problem.InvalidParam> errors) {
        Object v = m.get("requestsPerMinute");
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
                && n.doubleValue() <= MAX_REQUESTS_PER_MINUTE) {
            return n.intValue();
        }
        errors.add(new Problem.InvalidParam(null, "/requestsPerMinute", "must be a whole number from 1 to " + MAX_REQUESTS_PER_MINUTE));
        return null;
    }

    private static void unknownFields(Map<String, Object> m, Set<String> known, List<Problem.InvalidParam> errors) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                errors.add(new Problem.InvalidParam(null, "/" + Params.clip(k), "unknown field; fields are " + known.stream().sorted().toList()));
            }
        }
    }

    static String target(long id) {
        return "open311-client:" + id;
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("No Open311 client " + id + ".");
    }

    private static ApiException invalid(List<Problem.InvalidParam> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", errors.size() + " invalid field(s): "
                + errors.stream().map(e -> e.pointer() + " " + e.detail()).toList() + ". Nothing was changed.", errors);
    }

    private Map<String, Object> object(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body is empty: a JSON object is expected.",
                    List.of());
        }
        try {
            Object parsed = json.readValue(body, Argument.OBJECT_ARGUMENT);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                return m;
            }
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/malformed-json", "The request body is not valid JSON.", List.of());
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", "The request body must be a JSON object.", List.of());
    }

    private <T> T inTransaction(Transactions.Work<T> work, String what) {
        return Transactions.inTransaction(repository.dataSource(), what, work);
    }
}
