package cn.yiwang.report;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micronaut.core.annotation.Nullable;

/**
 * The columns every export shares (CSV, XLSX, printable page): Chinese headers, the value of each row
 * (a {@link String}, a whole number, a decimal, a share 0-1 or null for an empty cell) and the title
 * lines. Patrol columns appear for levels with patrol, the own grid for workers.
 */
final class ReportTable {

    /** How a column's numbers read: whole numbers, decimals or shares (shown as percentages). */
    enum Kind {
        TEXT, INTEGER, DECIMAL, SHARE
    }

    record Column(String header, Kind kind, Function<ReportRow, Object> value) {
    }

    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    final Report report;
    final List<Column> columns = new ArrayList<>();

    ReportTable(Report report) {
        this.report = report;
        ReportLevel level = report.level();
        columns.add(new Column("排名", Kind.INTEGER, ReportRow::rank));
        columns.add(new Column("名次变化", Kind.INTEGER, ReportRow::change));
        columns.add(new Column(level == ReportLevel.WORKER ? "账号" : "编码", Kind.TEXT, ReportRow::key));
        columns.add(new Column(level.nameZh() + "名称", Kind.TEXT, ReportRow::name));
        if (level == ReportLevel.WORKER) {
            columns.add(new Column("所属网格", Kind.TEXT, ReportRow::grid));
        }
        columns.add(new Column("综合得分", Kind.DECIMAL, ReportRow::score));
        columns.add(new Column("受理数", Kind.INTEGER, r -> r.cases().count()));
        columns.add(new Column("结案数", Kind.INTEGER, r -> r.cases().closed()));
        columns.add(new Column("结案率", Kind.SHARE, ReportRow::closureRate));
        columns.add(new Column("按期结案率", Kind.SHARE, ReportRow::onTimeRate));
        columns.add(new Column("平均结案时长(小时)", Kind.DECIMAL, ReportRow::averageCloseHours));
        columns.add(new Column("回退数", Kind.INTEGER, r -> r.cases().returned()));
        columns.add(new Column("重新打开数", Kind.INTEGER, r -> r.cases().reopened()));
        columns.add(new Column("评价数", Kind.INTEGER, r -> r.cases().rated()));
        columns.add(new Column("满意率", Kind.SHARE, ReportRow::satisfactionRate));
        if (level.hasPatrol()) {
            columns.add(new Column("巡查人日", Kind.INTEGER, r -> patrol(r, PatrolFigures::workerDays)));
            columns.add(new Column("未分析人日", Kind.INTEGER, r -> patrol(r, PatrolFigures::missingDays)));
            columns.add(new Column("巡查时长(小时)", Kind.DECIMAL, r -> patrol(r, PatrolFigures::durationHours)));
            columns.add(new Column("巡查里程(公里)", Kind.DECIMAL, r -> patrol(r, PatrolFigures::distanceKilometers)));
            columns.add(new Column("平均覆盖率", Kind.SHARE, r -> patrol(r, PatrolFigures::coverageRate)));
            columns.add(new Column("发现上报数", Kind.INTEGER, r -> patrol(r, PatrolFigures::casesReported)));
            columns.add(new Column("入户数", Kind.INTEGER, r -> patrol(r, PatrolFigures::householdVisits)));
            columns.add(new Column("达标人日", Kind.INTEGER, r -> patrol(r, PatrolFigures::compliantDays)));
            columns.add(new Column("巡查达标率", Kind.SHARE, r -> patrol(r, PatrolFigures::complianceRate)));
        }
    }

    private static @Nullable Object patrol(ReportRow r, Function<PatrolFigures, Object> f) {
        return r.patrol() == null ? null : f.apply(r.patrol());
    }

    /** The row of totals: the sums, rates of the sums, no rank or score. */
    ReportRow totalRow() {
        return new ReportRow("", "合计", null, report.total(), report.patrolTotal(), null, null, null, null);
    }

    String title() {
        return report.title();
    }

    /** 统计周期, 范围, 生成人, 生成时间 as label/value pairs. */
    List<String[]> meta() {
        ReportPeriod p = report.period();
        String range = p.days() == 1 ? p.from().toString() : p.from() + " 至 " + p.to().minusDays(1);
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"统计周期", p.label() + "（" + range + (report.partial() ? "，截至今日" : "") + "）"});
        out.add(new String[] {"范围", report.scopeName() + "（" + report.scopeCode() + "）"});
        out.add(new String[] {"生成人", report.generatedBy()});
        out.add(new String[] {"生成时间", GENERATED.format(report.generatedAt())});
        return out;
    }

    /** A note on the patrol days not analysed yet, or null when none are missing. */
    @Nullable String missingNote() {
        PatrolFigures t = report.patrolTotal();
        if (t == null || t.missingDays() == 0) {
            return null;
        }
        return "注：本期有 " + t.missingDays() + " 个网格员工作日的巡查尚未分析，未计入巡查数据。";
    }
}
