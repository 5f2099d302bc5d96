package cn.yiwang.open311;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.cases.CaseRequest;
import cn.yiwang.cases.CategoryRules;
import cn.yiwang.geo.CoordinateSystem;
import io.micronaut.core.annotation.Nullable;

/**
 * Checks the form of a GeoReport v2 {@code POST requests} for one service and turns it into the
 * {@link CaseRequest} that {@code POST /api/cases} would make, collecting every problem (named by
 * its form parameter) instead of stopping at the first. Pure; thread-safe.
 *
 * <p>Mapping: {@code service_code} → category; title = the service's name and, when given, the
 * address ({@value CaseRequest#MAX_TITLE_CHARS} characters at most); {@code lat}/{@code long} in
 * {@code crs} (our extension: wgs84, gcj02, bd09 or cgcs2000; default wgs84 as the spec says) →
 * location; {@code address_string} → address; {@code last_name}+{@code first_name} (Chinese order,
 * "first last" for Latin names) and {@code phone} → the reporter; {@code media_url} naming a photo
 * stored here ({@code …/api/photos/{id}}) → that photo.
 *
 * <p>Our choices where the spec leaves room: {@code description} is required (a dispatcher needs
 * words to act on); {@code address_id} is refused (there is no address repository); a service that
 * needs a map position refuses {@code address_string} alone (nothing here geocodes); media on other
 * sites is refused (this server never fetches URLs); {@code email} is checked but not stored;
 * {@code device_id} only feeds the duplicate guard; attributes are refused because no service
 * defines any; unknown and repeated parameters are refused.
 */
public final class ServiceRequestReader {

    /** The parameters of GeoReport v2 POST requests, and our extension {@code crs}. */
    public static final Set<String> PARAMETERS = Set.of("api_key", "jurisdiction_id", "service_code", "lat", "long",
            "address_string", "address_id", "email", "device_id", "account_id", "first_name", "last_name", "phone",
            "description", "media_url", "crs");
    public static final String SOURCE = "citizen_app";
    public static final int MAX_NAME_CHARS = 50;
    public static final int MAX_ID_CHARS = 200;
    public static final int MAX_EMAIL_CHARS = 254;
    public static final int MAX_URL_CHARS = 1000;

    /** A plain decimal number: no NaN, Infinity, hexadecimal or type suffixes, which Double.parseDouble accepts. */
    static final Pattern DECIMAL = Pattern.compile("^[+-]?(\\d{1,20}(\\.\\d{0,20})?|\\.\\d{1,20})([eE][+-]?\\d{1,3})?$");
    static final Pattern EMAIL = Pattern.compile("^[^@\\s<>]{1,64}@[^@\\s<>]+\\.[^@\\s<>]+$");
    static final Pattern OWN_PHOTO = Pattern.compile("^(https?://[^/?#\\s]+)?(/[^?#\\s]*)?/api/photos/([0-9a-f]{64})$");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    /** A checked request: the case to create, and what Open311 carries beside it. */
    public record Submission(CaseRequest request, @Nullable String accountId, @Nullable String deviceId) {
    }

    /** The form failed the checks: every offending parameter. */
    public static final class Invalid extends RuntimeException {
        private final List<Problem.InvalidParam> errors;

        Invalid(List<Problem.InvalidParam> errors) {
            super(errors.size() + " invalid parameter(s): " + errors.stream().map(e -> e.parameter() + " " + e.detail()).toList());
            this.errors = List.copyOf(errors);
        }

        public List<Problem.InvalidParam> errors() {
            return errors;
        }
    }

    private ServiceRequestReader() {
    }

    /**
     * @param form                the decoded body; {@code api_key}, {@code jurisdiction_id} and
     *                            {@code service_code} were checked by the caller
     * @param service             the rule of the (active) service named by {@code service_code}
     * @param maxDescriptionChars longest description accepted
     * @throws Invalid listing every bad parameter
     */
    public static Submission read(FormBody form, CategoryRules.Rule service, int maxDescriptionChars) {
        List<Problem.InvalidParam> errors = new ArrayList<>();
        Map<String, Object> m = new HashMap<>();
        for (String name : form.names()) {
            if (name.startsWith("attribute[")) {
                errors.add(err(name, "service " + service.code() + " defines no attributes (its metadata is false): leave them out"));
            } else if (!PARAMETERS.contains(name)) {
                errors.add(err(name, "unknown parameter; GeoReport v2 parameters are " + PARAMETERS.stream().sorted().toList()));
            } else if (form.repeated(name)) {
                errors.add(err(name, "given " + form.all(name).size() + " times; send it once"));
            } else if (form.first(name) != null) {
                m.put(name, form.first(name));
            }
        }

        String description = text(m, "description", true, maxDescriptionChars, errors);
        String address = text(m, "address_string", false, CaseRequest.MAX_ADDRESS_CHARS, errors);
        if (m.containsKey("address_id")) {
            errors.add(err("address_id", "not supported: this server has no address repository; send lat and long"));
        }

        boolean latGiven = m.containsKey("lat");
        boolean lonGiven = m.containsKey("long");
        Double lat = coordinate(m, "lat", 90, errors);
        Double lon = coordinate(m, "long", 180, errors);
        if (latGiven != lonGiven) {
            String missing = latGiven ? "long" : "lat";
            errors.add(err(missing, "required together with " + (latGiven ? "lat" : "long")));
        }
        CoordinateSystem crs = CoordinateSystem.WGS84;
        if (m.containsKey("crs")) {
            String c = m.get("crs").toString();
            try {
                crs = CoordinateSystem.parse(c.length() > 20 ? "?" : c);
            } catch (IllegalArgumentException e) {
                errors.add(err("crs", "'" + clip(c) + "' is not one of wgs84, gcj02, bd09, cgcs2000 (the coordinate system of lat and long)"));
            }
        }
        if (!latGiven && !lonGiven) {
            if (service.locationRequired()) {
                String why = "required for service " + service.code() + " (" + service.name() + "): cases of this service are routed by "
                        + "their position" + (address != null ? ", and address_string cannot be placed on the map here" : "");
                errors.add(err("lat", why));
                errors.add(err("long", why));
            } else if (!m.containsKey("address_string") && !m.containsKey("address_id")) {
                String why = "a location is required: lat and long, or address_string";
                errors.add(err("lat", why));
                errors.add(err("long", why));
            }
        }

        String firstName = text(m, "first_name", false, MAX_NAME_CHARS, errors);
        String lastName = text(m, "last_name", false, MAX_NAME_CHARS, errors);
        String reporterName = fullName(firstName, lastName);
        if (reporterName != null && reporterName.codePointCount(0, reporterName.length()) > MAX_NAME_CHARS) {
            errors.add(err("first_name", "first_name and last_name together are longer than " + MAX_NAME_CHARS + " characters"));
        }
        String phone = text(m, "phone", false, 20, errors);
        if (phone != null && !CaseRequest.PHONE.matcher(phone).matches()) {
            errors.add(err("phone", "not a phone number (digits, spaces, '-', optional leading '+')"));
        }
        String email = text(m, "email", false, MAX_EMAIL_CHARS, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(err("email", "not an e-mail address"));
        }
        String deviceId = text(m, "device_id", false, MAX_ID_CHARS, errors);
        String accountId = text(m, "account_id", false, MAX_ID_CHARS, errors);

        List<String> photos = new ArrayList<>();
        if (m.containsKey("media_url")) {
            String url = m.get("media_url").toString().strip();
            Matcher own = url.length() > MAX_URL_CHARS ? null : OWN_PHOTO.matcher(url);
            if (own != null && own.matches()) {
                photos.add(own.group(3));
            } else {
                errors.add(err("media_url", "only a photo stored on this server (a URL ending in /api/photos/{id}) is accepted: "
                        + "this server does not fetch media from other sites"));
            }
        }

        if (!errors.isEmpty()) {
            throw new Invalid(dedupe(errors));
        }
        CaseRequest request = new CaseRequest(service.code(), title(service.name(), address), description, SOURCE,
                latGiven ? lon : null, latGiven ? lat : null, crs, null, null, address, reporterName, phone, null, List.copyOf(photos));
        return new Submission(request, accountId, deviceId);
    }

    /** The case title: the service's name, then the address, cut to the title's maximum length. */
    static String title(String serviceName, @Nullable String address) {
        String t = address == null ? serviceName : serviceName + "：" + address;
        int max = CaseRequest.MAX_TITLE_CHARS;
        if (t.codePointCount(0, t.length()) <= max) {
            return t;
        }
        return t.substring(0, t.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Chinese names are family name first without a space; Latin names "first last". */
    static @Nullable String fullName(@Nullable String first, @Nullable String last) {
        if (first == null || last == null) {
            return first != null ? first : last;
        }
        boolean han = HAN.matcher(first).find() || HAN.matcher(last).find();
        return han ? last + first : first + " " + last;
    }

    private static @Nullable Double coordinate(Map<String, Object> m, String name, double limit, List<Problem.InvalidParam> errors) {
        Object raw = m.get(name);
        if (raw == null) {
            return null;
        }
        String s = raw.toString().strip();
        if (!DECIMAL.matcher(s).matches()) {
            errors.add(err(name, "'" + clip(s) + "' is not a decimal number of degrees"));
            return null;
        }
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d) || d < -limit || d > limit) {
            errors.add(err(name, "must be between -" + (int) limit + " and " + (int) limit + ", not " + clip(s)));
            return null;
        }
        return d;
    }

    private static @Nullable String text(Map<String, Object> m, String name, boolean required, int maxChars,
                                         List<Problem.InvalidParam> errors) {
        List<Problem.InvalidParam> found = new ArrayList<>();
        String t = CaseRequest.text(m, name, name, required, maxChars, found);
        found.forEach(e -> errors.add(err(name, e.detail())));
        return t;
    }

    /** The first problem of each parameter (a repeated one is not also "required"). */
    private static List<Problem.InvalidParam> dedupe(List<Problem.InvalidParam> errors) {
        Map<String, Problem.InvalidParam> first = new LinkedHashMap<>();
        errors.forEach(e -> first.putIfAbsent(e.parameter(), e));
        return List.copyOf(first.values());
    }

    static Problem.InvalidParam err(String parameter, String detail) {
        return new Problem.InvalidParam(clip(parameter), null, detail);
    }

    static String clip(String s) {
        return Params.clip(s);
    }
}
