package cn.yiwang.layers.ogc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0 description of {@code /ogc} (conformance class {@code oas30}): the seven paths, the
 * parameters {@code f}, {@code bbox}, {@code limit}, {@code offset}, {@code datetime}, the problem
 * responses, and per collection a schema {@code properties-{id}} of its feature properties (for
 * readers; the paths are generic over {@code collectionId}). Built as plain maps for the JSON
 * mapper. Pure; thread-safe.
 */
public final class OgcOpenApi {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";

    private OgcOpenApi() {
    }

    /**
     * The document.
     *
     * @param serverUrl   the absolute URL of {@code /ogc}
     * @param collections  the collections the caller may see
     * @param defaultLimit the page size without {@code limit}
     * @param maxLimit     the largest {@code limit} honoured
     */
    public static Map<String, Object> document(String serverUrl, List<OgcCollection> collections, int defaultLimit, int maxLimit) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", map(
                "title", OgcController.API_TITLE,
                "description", OgcController.API_DESCRIPTION,
                "version", "1.0.0",
                "license", map("name", "Grid boundaries below the district are generated demo data")));
        doc.put("servers", List.of(map("url", serverUrl)));

        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("landingPage", "Landing page / 首页", List.of(ref("f")), content(JSON, "text/html")));
        paths.put("/conformance", get("getConformanceDeclaration", "Conformance classes / 符合性声明",
                List.of(ref("f")), content(JSON, "text/html")));
        paths.put("/api", get("getApiDescription", "This document / 本接口说明",
                List.of(ref("f")), content(OgcController.OPENAPI_JSON, "text/html")));
        paths.put("/collections", get("getCollections", "Feature collections / 要素集合列表",
                List.of(ref("f")), content(JSON, "text/html")));
        paths.put("/collections/{collectionId}", get("describeCollection", "One feature collection / 要素集合",
                List.of(ref("collectionId"), ref("f")), content(JSON, "text/html")));
        paths.put("/collections/{collectionId}/items", get("getFeatures", "Features of a collection / 要素",
                List.of(ref("collectionId"), ref("bbox"), ref("datetime"), ref("limit"), ref("offset"), ref("f")),
                featureContent("featureCollectionGeoJSON")));
        paths.put("/collections/{collectionId}/items/{featureId}", get("getFeature", "One feature / 单个要素",
                List.of(ref("collectionId"), ref("featureId"), ref("f")), featureContent("featureGeoJSON")));
        doc.put("paths", paths);

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("f", parameter("f", "query", "The encoding of the response; the Accept header is used when absent.",
                map("type", "string", "enum", List.of("json", "html"))));
        parameters.put("collectionId", parameter("collectionId", "path", "The collection.",
                map("type", "string", "enum", collections.stream().map(OgcCollection::id).toList())));
        parameters.put("featureId", parameter("featureId", "path", "The feature id (grid code, building id).",
                map("type", "string")));
        parameters.put("bbox", explode(parameter("bbox", "query",
                "minLon,minLat,maxLon,maxLat in CRS84 (WGS 84 lon/lat); features intersecting it.",
                map("type", "array", "minItems", 4, "maxItems", 4, "items", map("type", "number")))));
        parameters.put("datetime", parameter("datetime", "query",
                "An RFC 3339 instant or date, or an interval a/b with '..' for an open end; matched against the "
                        + "collection's time (validFrom of grids). Collections without time ignore it.",
                map("type", "string")));
        parameters.put("limit", parameter("limit", "query",
                "Features per page, 1.." + maxLimit + "; larger values are clamped (header OGC-Limit-Clamped).",
                map("type", "integer", "minimum", 1, "default", defaultLimit)));
        parameters.put("offset", parameter("offset", "query", "Features to skip; follow the next link instead.",
                map("type", "integer", "minimum", 0, "default", 0)));

        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("link", map("type", "object", "required", List.of("href", "rel"), "properties", map(
                "href", map("type", "string"), "rel", map("type", "string"),
                "type", map("type", "string"), "title", map("type", "string"))));
        schemas.put("featureGeoJSON", map("type", "object", "required", List.of("type", "geometry", "properties"),
                "properties", map("type", map("type", "string", "enum", List.of("Feature")),
                        "id", map("type", "string"),
                        "geometry", map("type", "object"),
                        "properties", map("type", "object", "nullable", true),
                        "links", map("type", "array", "items", map("$ref", "#/components/schemas/link")))));
        schemas.put("featureCollectionGeoJSON", map("type", "object", "required", List.of("type", "features"),
                "properties", map("type", map("type", "string", "enum", List.of("FeatureCollection")),
                        "features", map("type", "array", "items", map("$ref", "#/components/schemas/featureGeoJSON")),
                        "links", map("type", "array", "items", map("$ref", "#/components/schemas/link")),
                        "timeStamp", map("type", "string", "format", "date-time"),
                        "numberMatched", map("type", "integer", "minimum", 0),
                        "numberReturned", map("type", "integer", "minimum", 0))));
        for (OgcCollection c : collections) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (OgcProperty p : c.properties()) {
                props.put(p.name(), p.type() == OgcProperty.Type.DATETIME
                        ? map("type", "string", "format", "date-time", "nullable", true)
                        : map("type", p.type().jsonSchemaType(), "nullable", true));
            }
            schemas.put("properties-" + c.id(), map("type", "object", "title", c.title(), "properties", props));
        }
        schemas.put("exception", map("type", "object", "required", List.of("type", "title", "status"), "properties", map(
                "type", map("type", "string"), "title", map("type", "string"), "status", map("type", "integer"),
                "detail", map("type", "string"), "instance", map("type", "string"))));
        doc.put("components", map("parameters", parameters, "schemas", schemas));
        return doc;
    }

    private static Map<String, Object> get(String operationId, String summary, List<Object> parameters,
                                           Map<String, Object> okContent) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", map("description", "OK", "content", okContent));
        responses.put("400", error("Invalid parameter; the detail names it"));
        responses.put("404", error("No such collection or feature"));
        return map("get", map("operationId", operationId, "summary", summary, "parameters", parameters,
                "responses", responses));
    }

    private static Map<String, Object> error(String description) {
        return map("description", description,
                "content", map(PROBLEM, map("schema", map("$ref", "#/components/schemas/exception"))));
    }

    private static Map<String, Object> content(String... mediaTypes) {
        Map<String, Object> content = new LinkedHashMap<>();
        for (String t : mediaTypes) {
            content.put(t, map("schema", map("type", t.equals("text/html") ? "string" : "object")));
        }
        return content;
    }

    private static Map<String, Object> featureContent(String schema) {
        return map(OgcController.GEO_JSON, map("schema", map("$ref", "#/components/schemas/" + schema)),
                "text/html", map("schema", map("type", "string")));
    }

    private static Map<String, Object> parameter(String name, String in, String description, Map<String, Object> schema) {
        Map<String, Object> p = map("name", name, "in", in, "description", description, "required", in.equals("path"),
                "schema", schema);
        p.put("style", in.equals("path") ? "simple" : "form");
        return p;
    }

    private static Map<String, Object> explode(Map<String, Object> parameter) {
        parameter.put("explode", false);
        return parameter;
    }

    private static Object ref(String parameter) {
        return map("$ref", "#/components/parameters/" + parameter);
    }

    /** An insertion-ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
