package cn.yiwang.planner.exchange;

/**
 * A file that cannot be imported: {@code where} names the place (a JSON pointer such as
 * {@code /features/3/geometry}, a GeoPackage row {@code grids#12}, a Shapefile record {@code record 7}, a
 * zip entry, or a parameter such as {@code crs}), the message says what is wrong in English.
 */
public class ImportRefusedException extends Exception {

    private final String where;

    public ImportRefusedException(String where, String message) {
        super(message);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
