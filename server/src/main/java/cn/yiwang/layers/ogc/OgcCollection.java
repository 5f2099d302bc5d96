package cn.yiwang.layers.ogc;

import java.util.List;
import java.util.Objects;

import io.micronaut.core.annotation.Nullable;

/**
 * One feature collection served under {@code /ogc/collections/{id}}: which rows of which table or
 * view, and how they become GeoJSON features. Every identifier here is a constant of
 * {@link OgcCollections}; a request only ever selects a collection by its {@code id}, so no SQL
 * identifier comes from user input.
 *
 * @param id             the collection id in URLs ({@code grids-l1})
 * @param titleZh        Chinese title
 * @param titleEn        English title
 * @param descriptionZh  Chinese description
 * @param descriptionEn  English description
 * @param table          table or view, in the default schema ({@code grid_current})
 * @param selectorColumn with {@code selectorValue}, restricts the table to the collection's rows
 *                       ({@code level = 'l1'}, bound as a parameter); {@code null} serves every row
 * @param selectorValue  the value of {@code selectorColumn}
 * @param idColumn       the column whose text is the feature id
 * @param orderColumns   a unique ordering of the rows (paging is stable only if it is unique); the
 *                       first is normally {@code idColumn}
 * @param geometryColumn the geometry column, EPSG:4326 (served as CRS84: lon/lat)
 * @param properties     the GeoJSON properties, in order
 * @param timeColumn     a {@code timestamptz} column the {@code datetime} parameter filters on and
 *                       {@code extent.temporal} is computed from; {@code null} when the collection
 *                       has no time
 * @param publicRead     {@code true} when the rows hold no personal data: anonymous callers see the
 *                       collection when {@code yiwang.security.public-grid-read} is on (the URL
 *                       must then also be listed in {@code PublicGridReadRule}); {@code false}
 *                       hides it from anonymous callers and the security layer answers 401
 */
public record OgcCollection(String id, String titleZh, String titleEn, String descriptionZh, String descriptionEn,
                            String table, @Nullable String selectorColumn, @Nullable String selectorValue,
                            String idColumn, List<String> orderColumns, String geometryColumn,
                            List<OgcProperty> properties, @Nullable String timeColumn, boolean publicRead) {

    public OgcCollection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(idColumn, "idColumn");
        Objects.requireNonNull(geometryColumn, "geometryColumn");
        if ((selectorColumn == null) != (selectorValue == null)) {
            throw new IllegalArgumentException(id + ": selectorColumn and selectorValue go together");
        }
        if (orderColumns.isEmpty()) {
            throw new IllegalArgumentException(id + ": orderColumns must not be empty");
        }
        orderColumns = List.copyOf(orderColumns);
        properties = List.copyOf(properties);
    }

    /** {@code 中文 / English}, the form used as the OGC {@code title}. */
    public String title() {
        return titleZh + " / " + titleEn;
    }

    /** {@code 中文 / English}, the form used as the OGC {@code description}. */
    public String description() {
        return descriptionZh + " / " + descriptionEn;
    }

    public boolean hasTime() {
        return timeColumn != null;
    }
}
