package cn.yiwang.basemap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.sqlite.SQLiteConfig;

/**
 * Reads tiles from an MBTiles 1.3 file: a SQLite database with a {@code metadata(name, value)} table
 * and a {@code tiles(zoom_level, tile_column, tile_row, tile_data)} table or view, rows counted
 * from the south (TMS). {@link #tile} takes XYZ coordinates (rows from the north, as OpenLayers and
 * the {@code /tiles} API count them) and flips the row. The file is opened read-only; nothing is
 * ever written to it. Thread-safe: calls share one connection, one at a time (a tile read is a
 * primary-key lookup of well under a millisecond).
 */
public final class MbTilesReader implements AutoCloseable {

    /** What the file says about itself; {@code bounds} is {@code [west, south, east, north]} in degrees or null. */
    public record Metadata(String name, String format, int minZoom, int maxZoom, double[] bounds, String attribution) {
    }

    private final Connection connection;
    private final Metadata metadata;

    private MbTilesReader(Connection connection, Metadata metadata) {
        this.connection = connection;
        this.metadata = metadata;
    }

    /**
     * Opens an MBTiles file.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or not MBTiles, naming the file
     */
    public static MbTilesReader open(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("MBTiles file " + file + " does not exist or is not readable");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            Map<String, String> values = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM metadata");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
            int[] zooms = zoomRange(c, values);
            String format = values.getOrDefault("format", "png").trim().toLowerCase(Locale.ROOT);
            Metadata metadata = new Metadata(values.getOrDefault("name", file.getFileName().toString()), format,
                    zooms[0], zooms[1], bounds(values.get("bounds")), values.get("attribution"));
            return new MbTilesReader(c, metadata);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalArgumentException("MBTiles file " + file + " cannot be read as MBTiles: " + e.getMessage(), e);
        }
    }

    /** Zoom range from the metadata, else from the tiles themselves. */
    private static int[] zoomRange(Connection c, Map<String, String> values) throws SQLException {
        try {
            if (values.containsKey("minzoom") && values.containsKey("maxzoom")) {
                return new int[] {Integer.parseInt(values.get("minzoom").trim()), Integer.parseInt(values.get("maxzoom").trim())};
            }
        } catch (NumberFormatException e) {
            // Fall through to the tiles: the metadata is only a hint.
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT min(zoom_level), max(zoom_level) FROM tiles");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    private static double[] bounds(String raw) {
        if (raw == null) {
            return null;
        }
        String[] parts = raw.split(",");
        if (parts.length != 4) {
            return null;
        }
        double[] b = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                b[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return b;
    }

    public Metadata metadata() {
        return metadata;
    }

    /**
     * @param z zoom
     * @param x column from the west
     * @param y row from the north (XYZ); must be within {@code [0, 2^z)}
     * @return the tile's bytes as stored, or empty when the file has no such tile
     */
    public synchronized Optional<byte[]> tile(int z, int x, int y) {
        if (z < 0 || z > 30 || x < 0 || y < 0 || x >= (1L << z) || y >= (1L << z)) {
            throw new IllegalArgumentException("tile " + z + "/" + x + "/" + y + " is outside the tile grid");
        }
        int tmsRow = (int) ((1L << z) - 1 - y);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
            ps.setInt(1, z);
            ps.setInt(2, x);
            ps.setInt(3, tmsRow);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading tile " + z + "/" + x + "/" + y + " from MBTiles failed", e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing a read-only SQLite connection has nothing to lose.
            }
        }
    }
}
