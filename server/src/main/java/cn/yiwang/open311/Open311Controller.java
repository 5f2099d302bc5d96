package cn.yiwang.open311;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Open311 GeoReport v2 at {@code /open311/v2} (opened to anonymous callers in
 * {@code application.yml}): {@code GET services.{json|xml}}, {@code GET services/{code}.{json|xml}},
 * {@code GET requests.{json|xml}} with {@code service_request_id}, {@code service_code},
 * {@code start_date}, {@code end_date}, {@code status}; {@code POST requests.{json|xml}} as
 * {@code application/x-www-form-urlencoded} with an {@code api_key} (anything else is 415: no XML
 * or JSON body is ever parsed); {@code GET requests/{id}.{json|xml}}. GETs are rate-limited per
 * client address, POSTs per client app.
 *
 * <p>Errors: problem+json (RFC 9457, {@code errors} naming the parameters) for JSON and for errors
 * raised before the format is known (415, unknown routes); the spec's
 * {@code <errors><error><code/><description/></error></errors>} for {@code .xml} requests, one
 * {@code error} per offending parameter. 429 carries {@code Retry-After} in both.
 */
@Controller("/open311/v2")
@ExecuteOn(TaskExecutors.BLOCKING)
public class Open311Controller {

    enum Format {
        JSON, XML
    }

    private final Open311Service service;
    private final Open311Throttle throttle;
    private final HttpHostResolver hosts;

    public Open311Controller(Open311Service service, Open311Throttle throttle, HttpHostResolver hosts) {
        this.service = service;
        this.throttle = throttle;
        this.hosts = hosts;
    }

    @Get("/services.json")
    public HttpResponse<?> servicesJson(HttpRequest<?> request) {
        return services(request, Format.JSON);
    }

    @Get("/services.xml")
    public HttpResponse<?> servicesXml(HttpRequest<?> request) {
        return services(request, Format.XML);
    }

    private HttpResponse<?> services(HttpRequest<?> request, Format f) {
        return read(request, f, () -> {
            List<Map<String, Object>> list = service.services(query(request));
            return f == Format.JSON ? json(list) : xml(Open311Xml.list("services", "service", list));
        });
    }

    @Get("/services/{file}")
    public HttpResponse<?> definition(HttpRequest<?> request, @PathVariable String file) {
        Format f = format(file);
        return read(request, f, () -> {
            Map<String, Object> d = service.definition(stem(file), query(request));
            return f == Format.JSON ? json(d) : xml(Open311Xml.object("service_definition", d));
        });
    }

    @Get("/requests.json")
    public HttpResponse<?> requestsJson(HttpRequest<?> request) {
        return requests(request, Format.JSON);
    }

    @Get("/requests.xml")
    public HttpResponse<?> requestsXml(HttpRequest<?> request) {
        return requests(request, Format.XML);
    }

    private HttpResponse<?> requests(HttpRequest<?> request, Format f) {
        return read(request, f, () -> {
            List<Map<String, Object>> list = service.requests(query(request), hosts.resolve(request));
            return f == Format.JSON ? json(list) : xml(Open311Xml.list("service_requests", "request", list));
        });
    }

    @Get("/requests/{file}")
    public HttpResponse<?> request(HttpRequest<?> request, @PathVariable String file) {
        Format f = format(file);
        return read(request, f, () -> {
            List<Map<String, Object>> list = service.request(stem(file), query(request), hosts.resolve(request));
            return f == Format.JSON ? json(list) : xml(Open311Xml.list("service_requests", "request", list));
        });
    }

    @Post(uri = "/requests.json", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> submitJson(HttpRequest<?> request, @Nullable @Body String body,
                                      @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        return submit(request, body, idempotencyKey, Format.JSON);
    }

    @Post(uri = "/requests.xml", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> submitXml(HttpRequest<?> request, @Nullable @Body String body,
                                     @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        return submit(request, body, idempotencyKey, Format.XML);
    }

    private HttpResponse<?> submit(HttpRequest<?> request, @Nullable String body, @Nullable String idempotencyKey, Format f) {
        return respond(f, () -> {
            FormBody form;
            try {
                form = FormBody.parse(body);
            } catch (IllegalArgumentException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-body",
                        "The form body is not valid application/x-www-form-urlencoded: " + e.getMessage() + ".", List.of());
            }
            Open311Service.Submitted s = service.submit(form, query(request).first("api_key"), idempotencyKey, ip(request));
            MutableHttpResponse<?> r = f == Format.JSON ? json(s.body()) : xml(Open311Xml.list("service_requests", "request", s.body()));
            return r.status(s.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                    .header("Idempotent-Replayed", Boolean.toString(s.replayed()));
        });
    }

    /** A public read: rate-limited per client address. */
    private HttpResponse<?> read(HttpRequest<?> request, Format f, Supplier<HttpResponse<?>> work) {
        return respond(f, () -> {
            throttle.address(ip(request));
            return work.get();
        });
    }

    private static HttpResponse<?> respond(Format f, Supplier<HttpResponse<?>> work) {
        try {
            return work.get();
        } catch (RateLimitedException e) {
            MutableHttpResponse<?> r = f == Format.XML
                    ? xml(Open311Xml.errors(List.of(new Open311Xml.Error(429, e.getMessage()))))
                    : HttpResponse.ok(new Problem("/problems/rate-limited", "Too Many Requests", 429, e.getMessage(), null, null))
                            .contentType(Problem.MEDIA_TYPE);
            return r.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(e.retryAfterSeconds()));
        } catch (ApiException e) {
            if (f == Format.JSON) {
                throw e;
            }
            List<Open311Xml.Error> errors = new ArrayList<>();
            for (Problem.InvalidParam p : e.errors()) {
                String name = p.parameter() != null ? p.parameter() : p.pointer();
                errors.add(new Open311Xml.Error(e.status().getCode(), name + ": " + p.detail()));
            }
            if (errors.isEmpty()) {
                errors.add(new Open311Xml.Error(e.status().getCode(), e.getMessage()));
            }
            return xml(Open311Xml.errors(errors)).status(e.status());
        }
    }

    private static FormBody query(HttpRequest<?> request) {
        try {
            return FormBody.parse(request.getUri().getRawQuery());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-parameter", "The query string is malformed: "
                    + e.getMessage() + ".", List.of());
        }
    }

    /** The format from a file name's extension; other extensions are not found. */
    private static Format format(String file) {
        if (file.endsWith(".json")) {
            return Format.JSON;
        }
        if (file.endsWith(".xml")) {
            return Format.XML;
        }
        throw ApiException.notFound("Open311 resources end in .json or .xml.");
    }

    private static String stem(String file) {
        return file.substring(0, file.lastIndexOf('.'));
    }

    private static MutableHttpResponse<?> json(Object body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static MutableHttpResponse<?> xml(byte[] body) {
        return HttpResponse.ok(body).contentType(Open311Xml.CONTENT_TYPE);
    }

    private static String ip(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
