package cn.yiwang.report;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * {@code GET /api/reports/{kind}?period=&level=&scope=&format=}: the daily report (日报), monthly
 * bulletin (月通报) or quarterly ranking (季排名) as JSON (default), CSV, XLSX or a printable HTML page
 * (see {@link ReportService} for who sees what; planners get 403). Every CSV, XLSX and HTML export is
 * audited ({@code report.export}) with the report's kind, period, level, scope, format and row count.
 */
@Controller("/api/reports")
@Secured({Role.ANALYST_KEY, Role.OPS_KEY, Role.DISPATCHER_KEY, Role.ADMIN_KEY, Role.GRID_WORKER_KEY, Role.DEPARTMENT_KEY})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final ReportService service;
    private final AuditLog audit;
    private final JsonMapper json;

    public ReportController(ReportService service, AuditLog audit, JsonMapper json) {
        this.service = service;
        this.audit = audit;
        this.json = json;
    }

    @Get(uri = "/{kind}", produces = {MediaType.APPLICATION_JSON, "text/csv", XLSX, MediaType.TEXT_HTML})
    public HttpResponse<byte[]> report(@PathVariable String kind, @Nullable @QueryValue String period, @Nullable @QueryValue String level,
                                       @Nullable @QueryValue String scope, @Nullable @QueryValue String format,
                                       Authentication auth, HttpRequest<?> request) throws IOException {
        String f = format == null || format.isBlank() ? "json" : format.trim();
        if (!List.of("json", "csv", "xlsx", "html").contains(f)) {
            throw ApiException.badParameter("format", "unknown format '" + format + "'; expected json, csv, xlsx or html");
        }
        Caller caller = Caller.of(auth);
        Report report = service.build(kind, period, level, scope, caller);
        if (f.equals("json")) {
            return HttpResponse.ok(json.writeValueAsBytes(ReportJson.of(report, service.configuration())))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        byte[] body = switch (f) {
            case "csv" -> CsvReportWriter.write(report);
            case "xlsx" -> XlsxReportWriter.write(report);
            default -> HtmlReportWriter.write(report);
        };
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", report.kind().key());
        detail.put("period", report.period().text());
        detail.put("level", report.level().key());
        detail.put("scope", report.scopeCode());
        detail.put("format", f);
        detail.put("rows", report.rows().size());
        audit.record(caller.username(), caller.role().key(), "report.export", "report:" + report.kind().key() + "/" + report.period().text()
                + "/" + report.level().key() + "/" + report.scopeCode(), request.getRemoteAddress().getAddress().getHostAddress(), detail);
        String base = "report-" + report.kind().key() + "-" + report.period().text() + "-" + report.level().key() + "-" + report.scopeCode();
        String contentType = switch (f) {
            case "csv" -> "text/csv; charset=utf-8";
            case "xlsx" -> XLSX;
            default -> "text/html; charset=utf-8";
        };
        MutableHttpResponse<byte[]> response = HttpResponse.ok(body).contentType(contentType);
        if (!f.equals("html")) {
            String zh = report.title().replace(' ', '_') + "." + f;
            response.header("Content-Disposition", "attachment; filename=\"" + base + "." + f + "\"; filename*=UTF-8''"
                    + URLEncoder.encode(zh, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        response.header("Cache-Control", "no-store");
        return response;
    }
}
