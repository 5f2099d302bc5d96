package cn.yiwang.routing;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.io.buffer.ReferenceCounted;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * {@code POST /api/route}: routes a batch of 1 to {@code yiwang.routing.max-batch-points} points
 * (default 10,000) without creating cases, for other systems. Any authenticated role may call it.
 * Body and answer are described by {@link RouteRequestReader} and {@link RouteResult}; results come
 * in input order. A bad body is a 400 problem+json listing each bad field by JSON pointer
 * ({@code /points/17/lon}) with the path ({@code points[17].lon}) in its detail; too many points is
 * a 413. With a {@code category} (a sub-category code, per point or for the whole batch at the root),
 * each result names the department of the responsibility list and who handles it ({@code handlerKind});
 * every assigned result names the grid's on-duty worker ({@code assignee}). An unknown category is a
 * 400 naming the point. {@code ?view=compact} answers with codes instead of summaries and without
 * the echo of the input ({@link RouteJsonWriter.View#COMPACT}), about a fifth of the full answer's
 * size: what systems routing large batches want.
 *
 * <pre>
 * POST /api/route
 * {"crs": "gcj02", "category": "SRHJ-01", "points": [{"id": "c-1", "lon": 113.7318569, "lat": 34.7684451, "accuracy": 14.7}]}
 *
 * 200 {"results": [{"id": "c-1", "category": "SRHJ-01",
 *   "input": {"lon": 113.7318569, "lat": 34.7684451, "crs": "gcj02", "accuracy": 14.7},
 *   "wgs84": {"lon": 113.725669901, "lat": 34.769444375}, "assigned": true, "queue": null,
 *   "micro": "410105001019004003", "primary": {"code": "410105001019004003", "level": "micro", …},
 *   "snappedMeters": 0.0, "probability": 0.583887, "chain": [micro, l3, l2, l1, district summaries],
 *   "special": [], "alternatives": [{"code": "410105001019003001", "probability": 0.352012}, …],
 *   "nearDistrictBoundary": null, "nearDistricts": [], "handlerKind": "department",
 *   "assignee": {"id": 812, "username": "gw410105001019004", "name": "网格员…"},
 *   "department": {"code": "urban_mgmt_squad", "name": "街道城管执法中队"}}]}
 * </pre>
 */
@Controller("/api/route")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class RouteController {

    private final RoutingService routing;
    private static final Logger LOG = LoggerFactory.getLogger(RouteController.class);

    private final RouteRequestReader reader;
    private final RouteJsonWriter writer = new RouteJsonWriter();
    private final ResponsibilityLookup responsibility;

    public RouteController(RoutingService routing, ResponsibilityLookup responsibility) {
        this.routing = routing;
        this.responsibility = responsibility;
        this.reader = new RouteRequestReader(routing.configuration().maxBatchPoints());
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<ByteBuf> route(@Nullable @Body ByteBuffer<?> body, @Nullable @QueryValue String view) {
        long t0 = System.nanoTime();
        List<RoutePoint> points;
        try {
            RouteJsonWriter.View shape = view(view);
            // Parsed from the buffers the body arrived in: a copy into one array would be a
            // humongous object for G1 (a 10,000-point body is about 700 KB).
            points = reader.read(body == null ? null : body.toInputStream());
            checkCategories(points);
            long t1 = System.nanoTime();
            List<RouteResult> results = routing.routeAll(points, responsibility);
            long t2 = System.nanoTime();
            // Each rendered chunk goes into a pooled direct buffer, which the socket writes as it is;
            // a heap array would be copied into one by Netty (after merging all pieces into one more array).
            List<ByteBuf> pieces = writer.write(results, shape, RouteController::direct, ByteBuf::release);
            ByteBuf json = Unpooled.wrappedBuffer(pieces.size(), pieces.toArray(ByteBuf[]::new));
            if (LOG.isDebugEnabled()) {
                LOG.debug("POST /api/route: {} points, read {} ms, routed {} ms, written {} ms ({} KB)", points.size(),
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000, json.readableBytes() / 1024);
            }
            return HttpResponse.ok(json).contentType(MediaType.APPLICATION_JSON_TYPE);
        } catch (InvalidRouteRequestException e) {
            throw problem(e);
        } finally {
            if (body instanceof ReferenceCounted counted) {
                counted.release(); // the bound body is ours to release
            }
        }
    }

    private static ByteBuf direct(byte[] bytes, int from, int length) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(length, length);
        return buf.writeBytes(bytes, from, length);
    }

    /** {@code ?view=full} (the default) or {@code ?view=compact}; anything else is a 400 naming the parameter. */
    private static RouteJsonWriter.View view(@Nullable String view) {
        if (view == null || view.isEmpty() || view.equals("full")) {
            return RouteJsonWriter.View.FULL;
        }
        if (view.equals("compact")) {
            return RouteJsonWriter.View.COMPACT;
        }
        throw ApiException.badParameter("view", "'" + clip(view) + "' is not a view; use full (the default) or compact");
    }

    /** Every category must be a sub-category code; an unknown one would silently yield no department. */
    private void checkCategories(List<RoutePoint> points) {
        List<InvalidRouteRequestException.FieldError> errors = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < points.size(); i++) {
            String category = points.get(i).category();
            if (category == null || responsibility.knowsCategory(category)) {
                continue;
            }
            count++;
            if (errors.size() < RouteRequestReader.MAX_REPORTED_ERRORS) {
                errors.add(new InvalidRouteRequestException.FieldError("/points/" + i + "/category", "points[" + i + "].category: '"
                        + clip(category) + "' is not a sub-category code; see GET /api/categories"));
            }
        }
        if (count > 0) {
            throw new InvalidRouteRequestException(InvalidRouteRequestException.Kind.INVALID, "Invalid request body: "
                    + errors.get(0).detail() + (count > 1 ? " (and " + (count - 1) + " more)" : ""), errors, count);
        }
    }

    private static String clip(String raw) {
        String s = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static ApiException problem(InvalidRouteRequestException e) {
        List<Problem.InvalidParam> errors = new ArrayList<>();
        for (InvalidRouteRequestException.FieldError f : e.errors()) {
            errors.add(new Problem.InvalidParam(null, f.pointer(), f.detail()));
        }
        return switch (e.kind()) {
            case TOO_LARGE -> new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "/problems/batch-too-large", e.getMessage(), errors);
            case MALFORMED -> new ApiException(HttpStatus.BAD_REQUEST, "/problems/malformed-body", e.getMessage(), errors);
            case INVALID -> new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body", e.getMessage(), errors);
        };
    }
}
