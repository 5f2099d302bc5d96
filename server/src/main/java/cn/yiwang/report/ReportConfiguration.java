package cn.yiwang.report;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Periodic reports ({@code yiwang.reports}): the weights of the composite score and limits. The score
 * of a row is {@code 100 × Σ wᵢ·mᵢ / Σ wᵢ} over the metrics mᵢ (shares between 0 and 1) that the row
 * has: a row without rated cases is scored on the others, a department (no patrol) on its case
 * metrics; a row with none of them has no score and no rank. A weight of 0 leaves a metric out.
 *
 * @param closureWeight       weight of the closure rate (结案率)
 * @param onTimeWeight        weight of the on-time closure rate (按期结案率)
 * @param satisfactionWeight  weight of the satisfaction rate (满意率: ratings 4-5 / ratings)
 * @param complianceWeight    weight of the share of analysed patrol days that met the daily standard (巡查达标率)
 * @param coverageWeight      weight of the mean coverage of the own grid over the analysed patrol days (平均覆盖率)
 * @param zone                time zone of report days (IANA id)
 * @param maxRows             most rows one report may hold (a larger scope × level is a 400 naming the limit)
 */
@ConfigurationProperties("yiwang.reports")
public record ReportConfiguration(
        @Bindable(defaultValue = "25") double closureWeight,
        @Bindable(defaultValue = "25") double onTimeWeight,
        @Bindable(defaultValue = "20") double satisfactionWeight,
        @Bindable(defaultValue = "15") double complianceWeight,
        @Bindable(defaultValue = "15") double coverageWeight,
        @Bindable(defaultValue = "Asia/Shanghai") String zone,
        @Bindable(defaultValue = "100000") int maxRows) {
}
