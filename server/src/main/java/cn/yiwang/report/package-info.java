/**
 * Periodic reports and rankings (日报、月通报、季排名): per street office, community, level-3 grid,
 * micro grid, grid worker or department, the case figures of {@code cn.yiwang.analytics} (one SQL for
 * both) joined with the patrol figures aggregated from the stored worker-days ({@code patrol_day}),
 * ranked by a configured composite score with the change against the previous period, and exported as
 * JSON, CSV, XLSX or a printable page.
 *
 * <p>Reports never analyse tracks: a day that has no stored row yet is counted as missing, so a report
 * costs a few aggregate queries whatever the period. Text cells of the CSV and XLSX exports that a
 * spreadsheet would read as a formula are escaped ({@link cn.yiwang.report.SpreadsheetText}).
 */
package cn.yiwang.report;
