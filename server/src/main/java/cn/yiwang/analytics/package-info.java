/**
 * Analysts' questions of the cases by area: counts, grouped indicators and a paged list for a drawn
 * polygon, grids (routed or current boundaries), a buffer or a district; H3 hot spots with
 * Getis-Ord Gi* significance; recurring problems (一类事: the same sub-category again and again
 * within r metres, DBSCAN in local metres) and categories rising against their own history. Every
 * query is cut to the caller's grid scope by the same predicate as the case list, and no answer
 * carries a personal field (reporter, phone, description, title, address). The statistics are pure
 * classes ({@link cn.yiwang.analytics.GetisOrdHotSpotFinder}, {@link cn.yiwang.analytics.RisingCategoryFinder});
 * the SQL lives in {@link cn.yiwang.analytics.CaseAnalyticsRepository}. Totals, groups, hot-spot points
 * and the choice of a page come from an in-memory column store of all cases
 * ({@link cn.yiwang.analytics.CaseAnalyticIndex}, kept current from change stamps written by triggers,
 * {@link cn.yiwang.analytics.CaseAnalyticIndexService}) whenever the selection is expressible there, and
 * from the same SQL otherwise; a test holds the two to equal answers.
 */
package cn.yiwang.analytics;
