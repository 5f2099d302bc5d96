package cn.yiwang.layers.ogc;

import java.util.Objects;

/**
 * One feature property of an {@link OgcCollection}: the GeoJSON member {@code name} read from the
 * table column {@code column}. Columns are fixed in code, never taken from a request; the SQL quotes
 * them anyway.
 *
 * @param name     the property name in GeoJSON and HTML ({@code parentCode})
 * @param column   the column of the table or view ({@code parent_code})
 * @param type     how the value is rendered
 * @param decimals for {@link Type#NUMBER}: digits kept after the decimal point (rounded in SQL);
 *                 negative keeps the stored value
 */
public record OgcProperty(String name, String column, Type type, int decimals) {

    /** JSON rendering of a property; {@link #DATETIME} is RFC 3339 in UTC with microseconds. */
    public enum Type {
        STRING("string"), INTEGER("integer"), NUMBER("number"), BOOLEAN("boolean"), DATETIME("string");

        private final String jsonSchemaType;

        Type(String jsonSchemaType) {
            this.jsonSchemaType = jsonSchemaType;
        }

        /** The JSON Schema {@code type} of the rendered value (used by the OpenAPI document). */
        public String jsonSchemaType() {
            return jsonSchemaType;
        }
    }

    public OgcProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
    }

    public static OgcProperty text(String name, String column) {
        return new OgcProperty(name, column, Type.STRING, -1);
    }

    public static OgcProperty integer(String name, String column) {
        return new OgcProperty(name, column, Type.INTEGER, -1);
    }

    public static OgcProperty number(String name, String column, int decimals) {
        return new OgcProperty(name, column, Type.NUMBER, decimals);
    }

    public static OgcProperty bool(String name, String column) {
        return new OgcProperty(name, column, Type.BOOLEAN, -1);
    }

    public static OgcProperty datetime(String name, String column) {
        return new OgcProperty(name, column, Type.DATETIME, -1);
    }
}
