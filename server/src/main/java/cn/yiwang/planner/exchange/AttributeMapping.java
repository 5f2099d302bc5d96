package cn.yiwang.planner.exchange;

import java.util.Map;

/**
 * Which attribute of a file holds a grid's name, code and parent code (the parent code is optional:
 * null or blank means the file has none and the draft's parent is taken). Attribute names are matched
 * case-insensitively, since Shapefiles often upper-case them ({@code CODE}).
 */
public record AttributeMapping(String nameField, String codeField, String parentField) {

    /** {@code name}, {@code code}, {@code parentCode}: what an export writes. */
    public static final AttributeMapping DEFAULT = new AttributeMapping("name", "code", "parentCode");

    /**
     * @return the grid with its attributes read from {@code properties}
     * @throws ImportRefusedException naming {@code where} when the code or name is missing
     */
    public ImportedGrid apply(Map<String, Object> properties, org.locationtech.jts.geom.Geometry geometry, String where)
            throws ImportRefusedException {
        String code = text(properties, codeField);
        if (code == null || code.isBlank()) {
            throw new ImportRefusedException(where + "/properties/" + codeField, "has no code in attribute '" + codeField + "'");
        }
        String name = text(properties, nameField);
        if (name == null || name.isBlank()) {
            throw new ImportRefusedException(where + "/properties/" + nameField, "has no name in attribute '" + nameField + "'");
        }
        String parent = parentField == null || parentField.isBlank() ? null : text(properties, parentField);
        return new ImportedGrid(code.trim(), name.trim(), parent == null || parent.isBlank() ? null : parent.trim(), geometry, where);
    }

    private static String text(Map<String, Object> properties, String field) {
        Object v = properties.get(field);
        if (v == null) {
            for (Map.Entry<String, Object> e : properties.entrySet()) {
                if (e.getKey().equalsIgnoreCase(field)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return String.valueOf(n.longValue());
        }
        return v == null ? null : String.valueOf(v);
    }
}
