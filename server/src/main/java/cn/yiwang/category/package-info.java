/**
 * The case category taxonomy and responsibility list (权责清单): top categories (大类, the Open311
 * {@code group}), sub-categories (小类, code = Open311 {@code service_code}) with handling deadline,
 * self-handling (自处置), default urgency, whether a location is required, the responsible
 * department per dispatch level, keywords and canned replies per workflow state; and departments.
 *
 * <p>Data flow: {@code data/categories/*.json} (bundled as classpath resources) → validated by
 * {@link cn.yiwang.category.TaxonomyReader} → seeded into PostGIS by
 * {@link cn.yiwang.category.TaxonomyLoader} (new codes inserted, rows no admin edited refreshed,
 * admin edits never overwritten) → read into one immutable {@link cn.yiwang.category.Taxonomy}
 * snapshot held by {@link cn.yiwang.category.TaxonomyService}. Admin edits go through the same
 * reader, are written with their audit entry in one transaction and swap the snapshot after
 * commit. The cases workflow asks the service, never the tables.
 *
 * <p>Known limitation: with several server instances, an edit reaches the other instances'
 * snapshots only when they reload (at start-up); a LISTEN/NOTIFY hook calling
 * {@code TaxonomyService.reload()} is the intended fix once live events exist.
 */
package cn.yiwang.category;
