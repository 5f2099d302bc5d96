package cn.yiwang.open311;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.calendar.Deadline;
import cn.yiwang.cases.CaseService;
import cn.yiwang.cases.CaseStatus;
import cn.yiwang.cases.CasesConfiguration;
import cn.yiwang.cases.CategoryRules;
import cn.yiwang.category.Category;
import cn.yiwang.category.ReplyState;
import cn.yiwang.category.Taxonomy;
import cn.yiwang.category.TaxonomyService;
import cn.yiwang.photo.Photo;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * GeoReport v2 over our cases. Answers are ordered maps with the spec's field names, the same for
 * JSON and XML ({@link Open311Xml}).
 *
 * <ul>
 *   <li>Services are the active sub-categories: {@code service_code} = code, {@code group} = the top
 *       category's name, {@code metadata} false (no attributes), {@code type} realtime.</li>
 *   <li>A POST creates the same case as {@code POST /api/cases} with source {@code citizen_app},
 *       through {@link CaseService#create}, as the synthetic caller {@code open311:<client id>} (role
 *       ops, scope from {@link Open311Configuration#scope()}); {@code service_request_id} is the case
 *       code.</li>
 *   <li>GET shows cases of the listed channels with {@code status} open or closed (rejected, merged,
 *       closed and evaluated cases are closed), our Chinese status name as {@code status_notes}, the
 *       department as {@code agency_responsible}, the category's canned reply for the state as
 *       {@code service_notice}, the deadline as {@code expected_datetime}, WGS84 {@code lat}/{@code
 *       long}, the first photo as {@code media_url}. Never the reporter; phone numbers, ID numbers and
 *       e-mail addresses inside descriptions and addresses are masked.</li>
 *   <li>Duplicate POSTs: with an {@code Idempotency-Key} header, exactly as {@code /api/cases}; without
 *       one, a request identical in every field and {@code device_id} to one of the same client
 *       within {@link Open311Configuration#duplicateWindowSeconds()} (fixed slots; the previous slot
 *       is checked too, so at least that long) returns the first case.</li>
 * </ul>
 */
@Singleton
public class Open311Service {

    /** At most this many requests per GET (the spec's limit). */
    public static final int MAX_RESULTS = 1000;
    /** Default and widest window of GET requests (the spec's 90 days). */
    public static final Duration WINDOW = Duration.ofDays(90);
    static final String CASE_CODE = "^[A-Z]{1,8}-[0-9]{8}-[0-9]{6,9}$";

    /** The answer to a POST: the spec's body, and whether it repeats an earlier answer. */
    public record Submitted(List<Map<String, Object>> body, String code, boolean replayed) {
    }

    private final TaxonomyService taxonomy;
    private final CategoryRules categories;
    private final CaseService cases;
    private final CasesConfiguration casesConfig;
    private final Open311Configuration config;
    private final Open311ClientService clients;
    private final Open311Throttle throttle;
    private final ServiceRequestRepository requests;
    private final ZoneId zone;

    public Open311Service(TaxonomyService taxonomy, CategoryRules categories, CaseService cases, CasesConfiguration casesConfig,
                          Open311Configuration config, Open311ClientService clients, Open311Throttle throttle,
                          ServiceRequestRepository requests) {
        this.taxonomy = taxonomy;
        this.categories = categories;
        this.cases = cases;
        this.casesConfig = casesConfig;
        this.config = config;
        this.clients = clients;
        this.throttle = throttle;
        this.requests = requests;
        this.zone = ZoneId.of(casesConfig.zoneId());
    }

    // ---------------------------------------------------------------- services

    public List<Map<String, Object>> services(FormBody query) {
        checkJurisdiction(query);
        Taxonomy t = taxonomy.snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Category c : t.subCategories()) {
            if (c.active()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("service_code", c.code());
                m.put("service_name", c.nameZh());
                m.put("description", c.description());
                m.put("metadata", false);
                m.put("type", "realtime");
                m.put("keywords", String.join(",", c.keywords()));
                m.put("group", t.group(c.code()).orElse(null));
                out.add(m);
            }
        }
        return out;
    }

    public Map<String, Object> definition(String code, FormBody query) {
        checkJurisdiction(query);
        Category c = activeService(code);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_code", c.code());
        m.put("attributes", List.of());
        return m;
    }

    private Category activeService(String code) {
        return taxonomy.subCategory(code).filter(Category::active).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "/problems/unknown-service", "No service with service_code '" + Params.clip(code) + "': see services.json.",
                List.of(new Problem.InvalidParam("service_code", null, "unknown service code"))));
    }

    // ---------------------------------------------------------------- POST requests

    /**
     * @param form           the decoded body
     * @param queryApiKey    {@code api_key} from the query string, used when the body has none
     * @param idempotencyKey the optional {@code Idempotency-Key} header
     */
    public Submitted submit(FormBody form, @Nullable String queryApiKey, @Nullable String idempotencyKey, String clientIp) {
        checkJurisdiction(form);
        String apiKey = form.first("api_key") != null ? form.first("api_key") : queryApiKey;
        if (apiKey == null || apiKey.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/missing-api-key",
                    "Parameter 'api_key' is required to submit a service request: ask the platform's administrator for your app's key.",
                    List.of(new Problem.InvalidParam("api_key", null, "required")));
        }
        Optional<Open311Client> found = clients.authenticate(apiKey);
        if (found.isEmpty()) {
            throttle.address(clientIp);
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/invalid-api-key",
                    "Invalid api_key: it is unknown or its client app is disabled.",
                    List.of(new Problem.InvalidParam("api_key", null, "unknown or disabled")));
        }
        Open311Client client = found.get();
        throttle.client(client);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-header", "Header 'Idempotency-Key' must have 1 to 200 characters.",
                    List.of(new Problem.InvalidParam("Idempotency-Key", null, "1 to 200 characters")));
        }
        String code = form.first("service_code");
        if (code == null || form.repeated("service_code")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-parameter",
                    "Parameter 'service_code' is required once: a service_code from services.json.",
                    List.of(new Problem.InvalidParam("service_code", null, code == null ? "required" : "given more than once")));
        }
        Category category = activeService(code);
        CategoryRules.Rule rule = categories.rule(code).orElseThrow(() -> new IllegalStateException("no rule for active " + code));
        ServiceRequestReader.Submission submission;
        try {
            submission = ServiceRequestReader.read(form, rule, casesConfig.maxDescriptionChars());
        } catch (ServiceRequestReader.Invalid e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-parameter", "Invalid service request: "
                    + e.errors().stream().map(p -> p.parameter() + " " + p.detail()).toList() + ". Nothing was stored.", e.errors());
        }
        Caller caller = new Caller(client.actor(), -1, Role.OPS, config.scope() == null ? "" : config.scope(), null);
        String key = idempotencyKey;
        if (key == null) {
            long slot = Instant.now().getEpochSecond() / Math.max(1, config.duplicateWindowSeconds());
            Optional<String> earlier = requests.caseOfIdempotencyKey(caller.username(), autoKey(submission, slot - 1));
            if (earlier.isPresent()) {
                return new Submitted(answer(earlier.get(), category, submission.accountId()), earlier.get(), true);
            }
            key = autoKey(submission, slot);
        }
        CaseService.Created created;
        try {
            created = cases.create(submission.request(), caller, key, clientIp);
        } catch (ApiException e) {
            throw renamed(e);
        }
        return new Submitted(answer(created.view().code(), category, submission.accountId()), created.view().code(), created.replayed());
    }

    private List<Map<String, Object>> answer(String code, Category category, @Nullable String accountId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", code);
        m.put("service_notice", "已收到您反映的“" + category.nameZh() + "”问题（编号 " + code + "）。平台受理后将派遣责任单位处理，处置时限为派遣后"
                + describe(category.deadline()) + "。");
        m.put("account_id", accountId);
        return List.of(m);
    }

    static String describe(Deadline d) {
        return d.amount() + switch (d.unit()) {
            case WORKING_HOURS -> "个工作小时";
            case WORKING_DAYS -> "个工作日";
            case CALENDAR_HOURS -> "小时";
        };
    }

    /** The automatic idempotency key: every field of the request, the device and the time slot. */
    static String autoKey(ServiceRequestReader.Submission s, long slot) {
        String material = s.deviceId() + "\u0000" + s.request() + "\u0000" + slot;
        try {
            return "open311-auto:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case API names JSON pointers of its own body; an Open311 client sent form parameters. */
    static ApiException renamed(ApiException e) {
        List<Problem.InvalidParam> errors = new ArrayList<>();
        for (Problem.InvalidParam p : e.errors()) {
            String pointer = p.pointer() == null ? "" : p.pointer();
            if (p.parameter() != null) {
                errors.add(p);
            } else if (pointer.equals("/category")) {
                errors.add(new Problem.InvalidParam("service_code", null, p.detail()));
            } else if (pointer.startsWith("/location")) {
                errors.add(new Problem.InvalidParam("lat", null, p.detail()));
                errors.add(new Problem.InvalidParam("long", null, p.detail()));
            } else if (pointer.startsWith("/photos")) {
                errors.add(new Problem.InvalidParam("media_url", null, p.detail().replace("upload it with POST /api/photos",
                        "only photos stored on this server can be attached")));
            } else {
                errors.add(new Problem.InvalidParam(pointer.startsWith("/") ? pointer.substring(1) : pointer, null, p.detail()));
            }
        }
        return new ApiException(e.status(), e.type(), e.getMessage(), errors);
    }

    // ---------------------------------------------------------------- GET requests

    public List<Map<String, Object>> requests(FormBody query, String baseUrl) {
        checkJurisdiction(query);
        List<String> codes = csv(query, "service_request_id");
        for (String c : codes) {
            if (!c.matches(CASE_CODE)) {
                throw ApiException.badParameter("service_request_id", "'" + Params.clip(c) + "' is not a service request id like EQ-20261122-000123");
            }
        }
        if (codes.size() > MAX_RESULTS) {
            throw ApiException.badParameter("service_request_id", "at most " + MAX_RESULTS + " ids at once, not " + codes.size());
        }
        List<String> categoryCodes = csv(query, "service_code");
        for (String c : categoryCodes) {
            if (taxonomy.subCategory(c).isEmpty()) {
                throw ApiException.badParameter("service_code", "'" + Params.clip(c) + "' is not a service code of services.json");
            }
        }
        List<String> statuses = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>(csv(query, "status"));
        for (String s : wanted) {
            if (!s.equals("open") && !s.equals("closed")) {
                throw ApiException.badParameter("status", "'" + Params.clip(s) + "' is neither open nor closed");
            }
        }
        if (wanted.size() == 1) {
            boolean open = wanted.contains("open");
            for (CaseStatus s : CaseStatus.values()) {
                if (s.isOpen() == open) {
                    statuses.add(s.key());
                }
            }
        }
        Instant[] window = window(date(query, "start_date", false), date(query, "end_date", true));
        List<ServiceRequestRepository.Row> rows = requests.list(new ServiceRequestRepository.Filter(List.copyOf(new LinkedHashSet<>(codes)),
                categoryCodes, statuses, window[0], window[1], config.listedSources(), MAX_RESULTS));
        Taxonomy t = taxonomy.snapshot();
        return rows.stream().map(r -> request(r, t, baseUrl)).toList();
    }

    /** One request by its id, as a one-element list (the spec's shape). */
    public List<Map<String, Object>> request(String id, FormBody query, String baseUrl) {
        checkJurisdiction(query);
        if (!id.matches(CASE_CODE)) {
            throw ApiException.badParameter("service_request_id", "'" + Params.clip(id) + "' is not a service request id like EQ-20261122-000123");
        }
        Instant now = Instant.now();
        List<ServiceRequestRepository.Row> rows = requests.list(new ServiceRequestRepository.Filter(List.of(id), List.of(), List.of(),
                now, now, config.listedSources(), 1));
        if (rows.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "/problems/not-found", "No service request " + id + ".",
                    List.of(new Problem.InvalidParam("service_request_id", null, "not found")));
        }
        return List.of(request(rows.get(0), taxonomy.snapshot(), baseUrl));
    }

    private Map<String, Object> request(ServiceRequestRepository.Row r, Taxonomy t, String baseUrl) {
        CaseStatus status = CaseStatus.fromKey(r.status());
        Optional<Category> category = t.subCategory(r.categoryCode());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", r.code());
        m.put("status", status.isOpen() ? "open" : "closed");
        m.put("status_notes", status.nameZh());
        m.put("service_name", category.map(Category::nameZh).orElse(null));
        m.put("service_code", r.categoryCode());
        m.put("description", PersonalDataRedactor.redact(r.description()));
        m.put("agency_responsible", r.departmentCode() == null ? null : categories.departmentName(r.departmentCode()).orElse(null));
        m.put("service_notice", replyState(status).flatMap(s -> t.reply(r.categoryCode(), s)).orElse(null));
        m.put("requested_datetime", w3(r.createdAt()));
        m.put("updated_datetime", w3(r.updatedAt()));
        m.put("expected_datetime", r.deadlineAt() == null ? null : w3(r.deadlineAt()));
        m.put("address", PersonalDataRedactor.redact(r.address()));
        m.put("address_id", null);
        m.put("zipcode", null);
        m.put("lat", r.lat());
        m.put("long", r.lon());
        m.put("media_url", r.photo() == null ? null : baseUrl + Photo.url(r.photo()));
        return m;
    }

    /** Which canned reply of the taxonomy fits a state (none while merely reported or merged). */
    static Optional<ReplyState> replyState(CaseStatus s) {
        return Optional.ofNullable(switch (s) {
            case ACCEPTED, REGISTERED -> ReplyState.ACCEPTED;
            case REJECTED -> ReplyState.REJECTED;
            case DISPATCHED, IN_PROGRESS, EXTENSION_REQUESTED, ESCALATED, SUSPENDED, VERIFICATION_FAILED, CONSULTING -> ReplyState.DISPATCHED;
            case RETURNED -> ReplyState.RETURNED;
            case HANDLED, VERIFIED -> ReplyState.HANDLED;
            case CLOSED, EVALUATED -> ReplyState.CLOSED;
            case REPORTED, MERGED -> null;
        });
    }

    private String w3(Instant i) {
        return i.atZone(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** [from, to] of GET requests: the given dates, filled up and checked against the 90-day limit. */
    private static Instant[] window(@Nullable Instant start, @Nullable Instant end) {
        if (start == null && end == null) {
            Instant now = Instant.now();
            return new Instant[] {now.minus(WINDOW), now};
        }
        if (start == null) {
            return new Instant[] {end.minus(WINDOW), end};
        }
        if (end == null) {
            return new Instant[] {start, start.plus(WINDOW)};
        }
        if (start.isAfter(end)) {
            throw ApiException.badParameter("start_date", "is after end_date");
        }
        if (Duration.between(start, end).compareTo(WINDOW) > 0) {
            throw ApiException.badParameter("end_date", "start_date to end_date spans more than 90 days (the spec's limit)");
        }
        return new Instant[] {start, end};
    }

    /** A w3 date-time with its offset, or a plain date (its first instant, or its last for an end). */
    private @Nullable Instant date(FormBody query, String name, boolean end) {
        String raw = single(query, name);
        if (raw == null) {
            return null;
        }
        try {
            if (raw.length() == 10) {
                LocalDate d = LocalDate.parse(raw);
                return end ? d.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1000) : d.atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(raw.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "'" + Params.clip(raw) + "' is not a w3 date-time with time zone such as "
                    + "2026-01-05T08:00:00+08:00 or 2026-01-05T00:00:00Z");
        }
    }

    private static @Nullable String single(FormBody query, String name) {
        if (query.repeated(name)) {
            throw ApiException.badParameter(name, "given more than once");
        }
        String v = query.first(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Comma-separated values, also from repeated parameters; blanks dropped. */
    private static List<String> csv(FormBody query, String name) {
        List<String> out = new ArrayList<>();
        for (String v : query.all(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- jurisdiction

    /** The endpoint serves one jurisdiction: another one named is not found (the spec's 404). */
    void checkJurisdiction(FormBody params) {
        String given = params.first("jurisdiction_id");
        String ours = config.jurisdictionId();
        if (given != null && ours != null && !ours.isBlank() && !ours.equals(given.strip())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "/problems/unknown-jurisdiction", "This endpoint serves jurisdiction_id '" + ours
                    + "', not '" + Params.clip(given) + "'.", List.of(new Problem.InvalidParam("jurisdiction_id", null, "unknown jurisdiction")));
        }
    }
}
