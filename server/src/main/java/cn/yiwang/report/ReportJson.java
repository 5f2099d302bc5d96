package cn.yiwang.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/** The JSON form of a report: what it covers, the score weights, the columns (Chinese headers), rows and totals. */
final class ReportJson {

    private ReportJson() {
    }

    static Map<String, Object> of(Report r, ReportConfiguration config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", r.title());
        m.put("kind", r.kind().key());
        m.put("kindName", r.kind().nameZh());
        m.put("period", period(r.period()));
        m.put("previousPeriod", period(r.previous()));
        m.put("partial", r.partial());
        m.put("elapsedDays", r.elapsedDays());
        m.put("level", r.level().key());
        m.put("levelName", r.level().nameZh());
        m.put("scope", Map.of("code", r.scopeCode(), "name", r.scopeName()));
        if (r.departmentOnly() != null) {
            m.put("department", r.departmentOnly());
        }
        m.put("generatedBy", r.generatedBy());
        m.put("generatedAt", r.generatedAt().toString());
        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("closureRate", config.closureWeight());
        weights.put("onTimeRate", config.onTimeWeight());
        weights.put("satisfactionRate", config.satisfactionWeight());
        weights.put("patrolComplianceRate", config.complianceWeight());
        weights.put("patrolCoverageRate", config.coverageWeight());
        m.put("score", Map.of("formula", "100 × Σ weight × rate / Σ weight over the rates a row has", "weights", weights));
        ReportTable table = new ReportTable(r);
        m.put("columns", table.columns.stream().map(ReportTable.Column::header).toList());
        String note = table.missingNote();
        if (note != null) {
            m.put("note", note);
        }
        m.put("rows", r.rows().stream().map(ReportJson::row).toList());
        m.put("total", row(table.totalRow()));
        return m;
    }

    private static Map<String, Object> period(ReportPeriod p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", p.text());
        m.put("label", p.label());
        m.put("from", p.from().toString());
        m.put("to", p.to().minusDays(1).toString());
        m.put("days", p.days());
        return m;
    }

    static Map<String, Object> row(ReportRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", r.rank());
        m.put("previousRank", r.previousRank());
        m.put("change", r.change());
        m.put("key", r.key());
        m.put("name", r.name());
        if (r.grid() != null) {
            m.put("grid", r.grid());
        }
        m.put("score", r.score());
        m.put("received", r.cases().count());
        m.put("closed", r.cases().closed());
        m.put("closureRate", r.closureRate());
        m.put("due", r.cases().due());
        m.put("deferred", r.cases().deferred());
        m.put("onTime", r.cases().onTime());
        m.put("onTimeRate", r.onTimeRate());
        m.put("averageCloseHours", r.averageCloseHours());
        m.put("returned", r.cases().returned());
        m.put("reopened", r.cases().reopened());
        m.put("rated", r.cases().rated());
        m.put("satisfied", r.cases().satisfied());
        m.put("satisfactionRate", r.satisfactionRate());
        m.put("patrol", patrol(r.patrol()));
        return m;
    }

    private static @Nullable Map<String, Object> patrol(@Nullable PatrolFigures p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", p.workers());
        m.put("workerDays", p.workerDays());
        m.put("missingDays", p.missingDays());
        m.put("durationHours", p.durationHours());
        m.put("distanceKm", p.distanceKilometers());
        m.put("coverageRate", p.coverageRate());
        m.put("casesReported", p.casesReported());
        m.put("householdVisits", p.householdVisits());
        m.put("compliantDays", p.compliantDays());
        m.put("complianceRate", p.complianceRate());
        return m;
    }
}
