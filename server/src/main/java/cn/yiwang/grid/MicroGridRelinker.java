package cn.yiwang.grid;

import java.sql.Connection;
import java.sql.SQLException;

import org.locationtech.jts.geom.Envelope;

/**
 * Something linked to micro grids that must follow a boundary change. The planner's commit calls
 * every such bean on its own connection, inside the commit transaction and after the buildings have
 * been re-linked, so that a commit moves everything or nothing.
 */
public interface MicroGridRelinker {

    /**
     * Re-links what lies in {@code box} (EPSG:4326) to the current micro grids.
     *
     * @return how many rows changed
     */
    int relink(Connection c, Envelope box) throws SQLException;
}
