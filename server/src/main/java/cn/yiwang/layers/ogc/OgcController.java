package cn.yiwang.layers.ogc;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.layers.LayerScope;
import cn.yiwang.layers.LayerScopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * OGC API – Features Part 1 (OGC 17-069r4) at {@code /ogc}: conformance classes core, geojson, html
 * and oas30. Resources and encodings:
 * <ul>
 *   <li>{@code /ogc}, {@code /ogc/conformance}, {@code /ogc/collections},
 *       {@code /ogc/collections/{collectionId}}: {@code application/json} or {@code text/html};</li>
 *   <li>{@code /ogc/api}: OpenAPI 3.0, {@code application/vnd.oai.openapi+json;version=3.0}, or HTML;</li>
 *   <li>{@code /ogc/collections/{collectionId}/items[/{featureId}]}: {@code application/geo+json} or
 *       HTML, with {@code Content-Crs: <…/OGC/1.3/CRS84>} (coordinates are lon/lat, EPSG:4326).</li>
 * </ul>
 * The format is chosen by {@link OgcFormat}; {@code f} other than {@code json}/{@code html} is a 400.
 * Items take {@code bbox} (four numbers, CRS84, intersecting), {@code datetime} ({@link
 * DatetimeInterval}, on the collection's time column, ignored by collections without time),
 * {@code limit} (default {@code yiwang.ogc.default-limit}, 1 to {@code yiwang.ogc.max-limit}) and
 * {@code offset}. A {@code limit} above the maximum is clamped, not refused: the response then has
 * the header {@code OGC-Limit-Clamped: <max>} and, in GeoJSON, the member
 * {@code "limitClamped": <max>}. Any other query parameter is a 400 naming it (OGC
 * {@code /req/core/query-param-unknown}). Pages are ordered by the feature id and carry
 * {@code self}, {@code alternate}, {@code next} (when more match) and {@code prev} (when the offset
 * is positive) links. Every link is absolute, built by {@link BaseUrlResolver}, because clients such
 * as GDAL follow {@code next} as given. Unknown collections and features are 404 problem+json.
 *
 * <p>Security: authenticated callers only, unless {@code PublicGridReadRule} lets anonymous GETs
 * through (public grid read); anonymous callers are never shown collections that are not
 * {@link OgcCollection#publicRead()}. A non-public collection (cases) shows each caller the rows of
 * their {@link LayerScope} only — items, single features, counts and extents alike.
 */
@Controller("/ogc")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class OgcController {

    static final String GEO_JSON = "application/geo+json";
    static final String OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0";
    static final String HTML = "text/html;charset=utf-8";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";
    static final String LIMIT_CLAMPED_HEADER = "OGC-Limit-Clamped";
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30");
    static final String API_TITLE = "一网 网格与建筑 / Yiwang grids and buildings — OGC API – Features";
    static final String API_DESCRIPTION = "网格化基层治理的各级网格与建筑轮廓（WGS 84 经纬度）。"
            + " / The governance grids of every level and the building footprints (WGS 84 lon/lat).";

    private static final Set<String> PARAMS_F = Set.of("f");
    private static final Set<String> PARAMS_ITEMS = Set.of("f", "bbox", "datetime", "limit", "offset");
    private static final String REL_CONFORMANCE = "http://www.opengis.net/def/rel/ogc/1.0/conformance";
    private static final String REL_DATA = "http://www.opengis.net/def/rel/ogc/1.0/data";

    private final OgcFeatureRepository repository;
    private final OgcConfiguration config;
    private final JsonMapper json;
    private final LayerScopes scopes;

    public OgcController(OgcFeatureRepository repository, OgcConfiguration config, JsonMapper json, LayerScopes scopes) {
        this.repository = repository;
        this.scopes = scopes;
        this.config = config;
        this.json = json;
    }

    @Get(produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> landing(HttpRequest<?> request) {
        OgcFormat format = format(request, PARAMS_F);
        Urls u = urls(request);
        if (format == OgcFormat.HTML) {
            String body = OgcHtml.p(API_DESCRIPTION) + OgcHtml.links(List.of(
                    new OgcHtml.Link(u.ogc("/collections", "f=html"), "要素集合 / Collections"),
                    new OgcHtml.Link(u.ogc("/conformance", "f=html"), "符合性声明 / Conformance"),
                    new OgcHtml.Link(u.ogc("/api", "f=html"), "接口说明 / API definition (HTML)"),
                    new OgcHtml.Link(u.ogc("/api", "f=json"), "OpenAPI 3.0 (JSON)")));
            return html(OgcHtml.page(API_TITLE, List.of(), body, u.ogc("", "f=json")));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", API_TITLE);
        doc.put("description", API_DESCRIPTION);
        doc.put("links", List.of(
                link("self", MediaType.APPLICATION_JSON, "本页 / This document", u.ogc("", "f=json")),
                link("alternate", MediaType.TEXT_HTML, "HTML", u.ogc("", "f=html")),
                link("service-desc", OPENAPI_JSON, "OpenAPI 3.0", u.ogc("/api", "f=json")),
                link("service-doc", MediaType.TEXT_HTML, "接口说明 / API documentation", u.ogc("/api", "f=html")),
                link("conformance", MediaType.APPLICATION_JSON, "符合性声明 / Conformance", u.ogc("/conformance", "f=json")),
                link(REL_CONFORMANCE, MediaType.APPLICATION_JSON, "符合性声明 / Conformance", u.ogc("/conformance", "f=json")),
                link("data", MediaType.APPLICATION_JSON, "要素集合 / Collections", u.ogc("/collections", "f=json")),
                link(REL_DATA, MediaType.APPLICATION_JSON, "要素集合 / Collections", u.ogc("/collections", "f=json"))));
        return json(doc, MediaType.APPLICATION_JSON);
    }

    @Get(uri = "/conformance", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> conformance(HttpRequest<?> request) {
        OgcFormat format = format(request, PARAMS_F);
        Urls u = urls(request);
        if (format == OgcFormat.HTML) {
            String body = OgcHtml.links(CONFORMANCE.stream().map(c -> new OgcHtml.Link(c, c)).toList());
            return html(OgcHtml.page("符合性声明 / Conformance", List.of(home(u)), body, u.ogc("/conformance", "f=json")));
        }
        return json(Map.of("conformsTo", CONFORMANCE), MediaType.APPLICATION_JSON);
    }

    @Get(uri = "/api", produces = {OPENAPI_JSON, MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> api(HttpRequest<?> request, @Nullable Authentication authentication) {
        OgcFormat format = format(request, PARAMS_F);
        Urls u = urls(request);
        List<OgcCollection> visible = visible(authentication);
        if (format == OgcFormat.HTML) {
            List<OgcHtml.Row> rows = new ArrayList<>();
            rows.add(new OgcHtml.Row("/ogc", "首页 / Landing page"));
            rows.add(new OgcHtml.Row("/ogc/conformance", "符合性声明 / Conformance classes"));
            rows.add(new OgcHtml.Row("/ogc/api", "本接口说明 / This API definition (OpenAPI 3.0 with f=json)"));
            rows.add(new OgcHtml.Row("/ogc/collections", "要素集合 / Collections"));
            rows.add(new OgcHtml.Row("/ogc/collections/{collectionId}", "要素集合 / One collection: "
                    + visible.stream().map(OgcCollection::id).collect(Collectors.joining(", "))));
            rows.add(new OgcHtml.Row("/ogc/collections/{collectionId}/items",
                    "要素 / Features: bbox=minLon,minLat,maxLon,maxLat · datetime=RFC 3339 instant or a/b, '..' open · limit=1.."
                            + config.maxLimit() + " (default " + config.defaultLimit() + ") · offset · f=json|html"));
            rows.add(new OgcHtml.Row("/ogc/collections/{collectionId}/items/{featureId}", "单个要素 / One feature"));
            String body = OgcHtml.rows(rows) + OgcHtml.links(List.of(new OgcHtml.Link(u.ogc("/api", "f=json"), "OpenAPI 3.0 (JSON)")));
            return html(OgcHtml.page("接口说明 / API definition", List.of(home(u)), body, u.ogc("/api", "f=json")));
        }
        return json(OgcOpenApi.document(u.ogc("", null), visible, config.defaultLimit(), config.maxLimit()), OPENAPI_JSON);
    }

    @Get(uri = "/collections", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> collections(HttpRequest<?> request, @Nullable Authentication authentication) {
        OgcFormat format = format(request, PARAMS_F);
        Urls u = urls(request);
        List<OgcCollection> visible = visible(authentication);
        if (format == OgcFormat.HTML) {
            StringBuilder body = new StringBuilder("<table><thead><tr><th>id</th><th>名称 / Title</th><th>要素 / Items</th></tr></thead><tbody>");
            for (OgcCollection c : visible) {
                body.append("<tr><td>").append(OgcHtml.a(new OgcHtml.Link(u.collection(c, "", "f=html"), c.id())))
                        .append("</td><td>").append(OgcHtml.escape(c.title())).append("</td><td>")
                        .append(OgcHtml.a(new OgcHtml.Link(u.collection(c, "/items", "f=html"), "HTML"))).append(" · ")
                        .append(OgcHtml.a(new OgcHtml.Link(u.collection(c, "/items", "f=json"), "GeoJSON")))
                        .append("</td></tr>");
            }
            body.append("</tbody></table>");
            return html(OgcHtml.page("要素集合 / Collections", List.of(home(u)), body.toString(), u.ogc("/collections", "f=json")));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("links", List.of(
                link("self", MediaType.APPLICATION_JSON, "本页 / This document", u.ogc("/collections", "f=json")),
                link("alternate", MediaType.TEXT_HTML, "HTML", u.ogc("/collections", "f=html"))));
        doc.put("collections", visible.stream().map(c -> collectionJson(c, u, authentication)).toList());
        return json(doc, MediaType.APPLICATION_JSON);
    }

    @Get(uri = "/collections/{collectionId}", produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> collection(HttpRequest<?> request, @PathVariable String collectionId,
                                           @Nullable Authentication authentication) {
        OgcCollection c = find(collectionId, authentication);
        OgcFormat format = format(request, PARAMS_F);
        Urls u = urls(request);
        if (format == OgcFormat.HTML) {
            OgcFeatureRepository.Extent extent = repository.extent(c, scope(c, authentication));
            List<OgcHtml.Row> rows = new ArrayList<>();
            rows.add(new OgcHtml.Row("id", c.id()));
            rows.add(new OgcHtml.Row("说明 / Description", c.description()));
            rows.add(new OgcHtml.Row("范围 / Extent (CRS84)", extent.bbox() == null ? "—（空 / empty）"
                    : Arrays.stream(extent.bbox()).mapToObj(OgcController::plain).collect(Collectors.joining(", "))));
            if (c.hasTime()) {
                rows.add(new OgcHtml.Row("时间范围 / Time extent",
                        extent.firstTime() == null ? "—" : extent.firstTime() + " / " + extent.lastTime()));
            }
            rows.add(new OgcHtml.Row("属性 / Properties", c.properties().stream().map(OgcProperty::name).collect(Collectors.joining(", "))));
            String body = OgcHtml.rows(rows) + OgcHtml.links(List.of(
                    new OgcHtml.Link(u.collection(c, "/items", "f=html"), "要素 / Items (HTML)"),
                    new OgcHtml.Link(u.collection(c, "/items", "f=json"), "要素 / Items (GeoJSON)")));
            return html(OgcHtml.page(c.title(), List.of(home(u), collectionsCrumb(u)), body, u.collection(c, "", "f=json")));
        }
        return json(collectionJson(c, u, authentication), MediaType.APPLICATION_JSON);
    }

    @Get(uri = "/collections/{collectionId}/items", produces = {GEO_JSON, MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> items(HttpRequest<?> request, @PathVariable String collectionId,
                                      @Nullable Authentication authentication) {
        OgcCollection c = find(collectionId, authentication);
        OgcFormat format = format(request, PARAMS_ITEMS);
        Map<String, String> q = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> q.put(name, values.isEmpty() ? null : values.get(0)));
        double[] bbox = Params.bbox(q.get("bbox"));
        DatetimeInterval datetime = datetime(q.get("datetime"));
        int limit = Params.limit(q.get("limit"), config.defaultLimit(), config.maxLimit());
        boolean clamped = q.get("limit") != null && !q.get("limit").isBlank()
                && Long.parseLong(q.get("limit").trim()) > config.maxLimit();
        int offset = Params.offset(q.get("offset"));

        OgcFeatureRepository.FeaturePage page = repository.page(c,
                new OgcFeatureRepository.Query(bbox, datetime, limit, offset, scope(c, authentication)), format == OgcFormat.JSON);
        Urls u = urls(request);
        String filters = filterQuery(bbox, q.get("datetime"));
        List<Map<String, Object>> links = new ArrayList<>();
        String own = format == OgcFormat.JSON ? GEO_JSON : MediaType.TEXT_HTML;
        String other = format == OgcFormat.JSON ? MediaType.TEXT_HTML : GEO_JSON;
        links.add(link("self", own, "本页 / This page", u.items(c, format, filters, limit, offset)));
        links.add(link("alternate", other, format == OgcFormat.JSON ? "HTML" : "GeoJSON",
                u.items(c, format == OgcFormat.JSON ? OgcFormat.HTML : OgcFormat.JSON, filters, limit, offset)));
        if ((long) offset + page.returned() < page.matched()) {
            links.add(link("next", own, "下一页 / Next page", u.items(c, format, filters, limit, offset + limit)));
        }
        if (offset > 0) {
            links.add(link("prev", own, "上一页 / Previous page", u.items(c, format, filters, limit, Math.max(0, offset - limit))));
        }
        links.add(link("collection", MediaType.APPLICATION_JSON, c.title(), u.collection(c, "", "f=json")));
        String timeStamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

        MutableHttpResponse<String> response;
        if (format == OgcFormat.HTML) {
            StringBuilder body = new StringBuilder();
            body.append(OgcHtml.p("共 " + page.matched() + " 个要素，本页 " + page.returned() + " 个（自第 " + (offset + 1) + " 个起）"
                    + " / " + page.matched() + " features matched, " + page.returned() + " on this page from #" + (offset + 1)
                    + (clamped ? "；每页上限 / limit clamped to " + config.maxLimit() : "")));
            List<OgcHtml.Link> nav = new ArrayList<>();
            for (Map<String, Object> l : links) {
                if (l.get("rel").equals("prev") || l.get("rel").equals("next")) {
                    nav.add(new OgcHtml.Link((String) l.get("href"), (String) l.get("title")));
                }
            }
            String navHtml = "<p class=\"links\">" + nav.stream().map(OgcHtml::a).collect(Collectors.joining(" ")) + "</p>";
            body.append(navHtml)
                    .append(OgcHtml.featureTable(decodeFeatures(page.featuresJson()),
                            c.properties().stream().map(OgcProperty::name).toList(),
                            id -> u.collection(c, "/items/" + pathSegment(id), "f=html")))
                    .append(navHtml);
            response = html(OgcHtml.page(c.title() + " — 要素 / Items",
                    List.of(home(u), collectionsCrumb(u), new OgcHtml.Link(u.collection(c, "", "f=html"), c.id())),
                    body.toString(), u.items(c, OgcFormat.JSON, filters, limit, offset)));
        } else {
            StringBuilder body = new StringBuilder(page.featuresJson().length() + 2048);
            body.append("{\"type\":\"FeatureCollection\",\"numberMatched\":").append(page.matched())
                    .append(",\"numberReturned\":").append(page.returned())
                    .append(",\"timeStamp\":\"").append(timeStamp).append('"');
            if (clamped) {
                body.append(",\"limitClamped\":").append(config.maxLimit());
            }
            body.append(",\"links\":").append(write(links))
                    .append(",\"features\":").append(page.featuresJson()).append('}');
            response = HttpResponse.ok(body.toString()).contentType(GEO_JSON).header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        if (clamped) {
            response.header(LIMIT_CLAMPED_HEADER, Integer.toString(config.maxLimit()));
        }
        return features(response);
    }

    @Get(uri = "/collections/{collectionId}/items/{featureId}", produces = {GEO_JSON, MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public HttpResponse<String> item(HttpRequest<?> request, @PathVariable String collectionId, @PathVariable String featureId,
                                     @Nullable Authentication authentication) {
        OgcCollection c = find(collectionId, authentication);
        OgcFormat format = format(request, PARAMS_F);
        String feature = repository.feature(c, featureId, format == OgcFormat.JSON, scope(c, authentication))
                .orElseThrow(() -> ApiException.notFound("No feature '" + Params.clip(featureId) + "' in collection " + c.id() + "."));
        Urls u = urls(request);
        String item = "/items/" + pathSegment(featureId);
        if (format == OgcFormat.HTML) {
            Map<String, Object> f = decodeFeatures("[" + feature + "]").get(0);
            List<OgcHtml.Row> rows = new ArrayList<>();
            rows.add(new OgcHtml.Row("id", String.valueOf(f.get("id"))));
            Map<?, ?> props = (Map<?, ?>) f.get("properties");
            for (OgcProperty p : c.properties()) {
                Object v = props == null ? null : props.get(p.name());
                rows.add(new OgcHtml.Row(p.name(), v == null ? "" : v.toString()));
            }
            String body = OgcHtml.rows(rows) + OgcHtml.links(List.of(
                    new OgcHtml.Link(u.collection(c, item, "f=json"), "GeoJSON")));
            return features(html(OgcHtml.page(c.titleZh() + " " + f.get("id"),
                    List.of(home(u), collectionsCrumb(u), new OgcHtml.Link(u.collection(c, "", "f=html"), c.id()),
                            new OgcHtml.Link(u.collection(c, "/items", "f=html"), "要素 / Items")),
                    body, u.collection(c, item, "f=json"))));
        }
        String links = write(List.of(
                link("self", GEO_JSON, "本要素 / This feature", u.collection(c, item, "f=json")),
                link("alternate", MediaType.TEXT_HTML, "HTML", u.collection(c, item, "f=html")),
                link("collection", MediaType.APPLICATION_JSON, c.title(), u.collection(c, "", "f=json"))));
        // The feature is a JSON object rendered by PostGIS; its links go in before the closing brace.
        String body = feature.substring(0, feature.lastIndexOf('}')) + ", \"links\" : " + links + "}";
        return features(HttpResponse.ok(body).contentType(GEO_JSON).header(HttpHeaders.VARY, HttpHeaders.ACCEPT));
    }

    private Map<String, Object> collectionJson(OgcCollection c, Urls u, @Nullable Authentication authentication) {
        OgcFeatureRepository.Extent extent = repository.extent(c, scope(c, authentication));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", c.id());
        doc.put("title", c.title());
        doc.put("description", c.description());
        doc.put("links", List.of(
                link("self", MediaType.APPLICATION_JSON, "本页 / This document", u.collection(c, "", "f=json")),
                link("alternate", MediaType.TEXT_HTML, "HTML", u.collection(c, "", "f=html")),
                link("items", GEO_JSON, "要素 / Items (GeoJSON)", u.collection(c, "/items", "f=json")),
                link("items", MediaType.TEXT_HTML, "要素 / Items (HTML)", u.collection(c, "/items", "f=html"))));
        Map<String, Object> ext = new LinkedHashMap<>();
        if (extent.bbox() != null) {
            Map<String, Object> spatial = new LinkedHashMap<>();
            spatial.put("bbox", List.of(Arrays.stream(extent.bbox()).boxed().toList()));
            spatial.put("crs", CRS84);
            ext.put("spatial", spatial);
        }
        if (c.hasTime() && extent.firstTime() != null) {
            Map<String, Object> temporal = new LinkedHashMap<>();
            temporal.put("interval", List.of(List.of(extent.firstTime().toString(), extent.lastTime().toString())));
            temporal.put("trs", GREGORIAN);
            ext.put("temporal", temporal);
        }
        if (!ext.isEmpty()) {
            doc.put("extent", ext);
        }
        doc.put("itemType", "feature");
        doc.put("crs", List.of(CRS84));
        return doc;
    }

    private static List<OgcCollection> visible(@Nullable Authentication authentication) {
        return OgcCollections.ALL.stream().filter(c -> c.publicRead() || authentication != null).toList();
    }

    /** {@code null} for a public collection; the caller's scope of another (404 when nobody scopes it). */
    private LayerScope scope(OgcCollection c, @Nullable Authentication authentication) {
        if (c.publicRead()) {
            return null;
        }
        return scopes.scope(c.id(), authentication).orElseThrow(() -> ApiException.notFound("No collection '" + c.id()
                + "' for you; the collections are listed at /ogc/collections."));
    }

    private static OgcCollection find(String id, @Nullable Authentication authentication) {
        return OgcCollections.find(id)
                .filter(c -> c.publicRead() || authentication != null)
                .orElseThrow(() -> ApiException.notFound("No collection '" + Params.clip(id) + "'; the collections are listed at /ogc/collections."));
    }

    /** The requested format, after refusing query parameters the resource does not define. */
    private static OgcFormat format(HttpRequest<?> request, Set<String> allowed) {
        for (String name : request.getParameters().names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badParameter(Params.clip(name), "is not a parameter of this resource; it accepts "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        String f = request.getParameters().getFirst("f").filter(v -> !v.isBlank()).orElse(null);
        try {
            return OgcFormat.select(f, request.getHeaders().get(HttpHeaders.ACCEPT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("f", "'" + Params.clip(f) + "' is not a supported format; use json or html");
        }
    }

    private static DatetimeInterval datetime(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            DatetimeInterval t = DatetimeInterval.parse(raw);
            return t.unbounded() ? null : t;
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("datetime", e.getMessage());
        }
    }

    /** The filter part of item links: the bbox as parsed, the datetime as given (it was valid). */
    private static String filterQuery(@Nullable double[] bbox, @Nullable String datetime) {
        List<String> parts = new ArrayList<>();
        if (bbox != null) {
            parts.add("bbox=" + Arrays.stream(bbox).mapToObj(OgcController::plain).collect(Collectors.joining("%2C")));
        }
        if (datetime != null && !datetime.isBlank()) {
            parts.add("datetime=" + URLEncoder.encode(datetime.trim(), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Urls urls(HttpRequest<?> request) {
        InetSocketAddress local = request.getServerAddress();
        String authority = local.getAddress() == null
                ? local.getHostString() + ":" + local.getPort()
                : (local.getAddress() instanceof java.net.Inet6Address
                        ? "[" + local.getAddress().getHostAddress() + "]" : local.getAddress().getHostAddress()) + ":" + local.getPort();
        var headers = request.getHeaders();
        String base = BaseUrlResolver.resolve(config.publicUrl(), new BaseUrlResolver.Request(
                headers.get("Forwarded"), headers.get("X-Forwarded-Proto"), headers.get("X-Forwarded-Host"),
                headers.get("X-Forwarded-Port"), headers.get(HttpHeaders.HOST),
                request.isSecure() ? "https" : "http", authority));
        return new Urls(base + "/ogc");
    }

    /** Absolute URLs under {@code /ogc}. */
    private record Urls(String root) {

        String ogc(String path, @Nullable String query) {
            return root + path + (query == null ? "" : "?" + query);
        }

        String collection(OgcCollection c, String path, String query) {
            return ogc("/collections/" + c.id() + path, query);
        }

        String items(OgcCollection c, OgcFormat format, String filters, int limit, int offset) {
            String query = "f=" + format.key() + (filters.isEmpty() ? "" : "&" + filters) + "&limit=" + limit + "&offset=" + offset;
            return collection(c, "/items", query);
        }
    }

    private static OgcHtml.Link home(Urls u) {
        return new OgcHtml.Link(u.ogc("", "f=html"), "一网 OGC API");
    }

    private static OgcHtml.Link collectionsCrumb(Urls u) {
        return new OgcHtml.Link(u.ogc("/collections", "f=html"), "要素集合 / Collections");
    }

    private static Map<String, Object> link(String rel, String type, String title, String href) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("type", type);
        link.put("title", title);
        link.put("href", href);
        return link;
    }

    private List<Map<String, Object>> decodeFeatures(String featuresJson) {
        try {
            return json.readValue(featuresJson, Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new IllegalStateException("decoding features for HTML failed", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("serialising an OGC API document failed", e);
        }
    }

    private HttpResponse<String> json(Object doc, String contentType) {
        return HttpResponse.ok(write(doc)).contentType(contentType).header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    private static MutableHttpResponse<String> html(String page) {
        return HttpResponse.ok(page).contentType(HTML).header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    private static MutableHttpResponse<String> features(MutableHttpResponse<String> response) {
        return response.header("Content-Crs", "<" + CRS84 + ">");
    }
}
