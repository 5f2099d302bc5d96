package cn.yiwang.photo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Rows of {@code photo} and {@code photo_uploader} (see {@code V11__photos.sql}). */
@Singleton
public class PhotoRepository {

    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** One {@code photo} row. */
    public record PhotoRow(String id, ImageFormat format, int bytes, int width, int height, @Nullable Double lon,
                           @Nullable Double lat, @Nullable LocalDateTime takenAt, @Nullable String takenOffset,
                           String uploadedBy, Instant uploadedAt) {

        public Photo toPhoto() {
            Photo.Location location = lon == null ? null : new Photo.Location(lon, lat, "wgs84");
            String taken = takenAt == null ? null : ISO_SECONDS.format(takenAt) + (takenOffset == null ? "" : takenOffset);
            return new Photo(id, Photo.url(id), format.contentType(), bytes, width, height, location, taken);
        }
    }

    static final String INSERT = """
            INSERT INTO photo (id, content_type, bytes, width, height, exif_lon, exif_lat, exif_taken_at, exif_taken_offset, uploaded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""";
    static final String INSERT_UPLOADER = "INSERT INTO photo_uploader (photo_id, username) VALUES (?, ?) ON CONFLICT DO NOTHING";
    static final String SELECT = """
            SELECT id, content_type, bytes, width, height, exif_lon, exif_lat, exif_taken_at, exif_taken_offset, uploaded_by, uploaded_at
            FROM photo WHERE id = ?""";

    private final DataSource dataSource;

    public PhotoRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a stored photo and its uploader in one transaction.
     *
     * @return {@code true} when the photo row is new, {@code false} when these bytes were there already
     */
    public boolean insert(String id, PhotoSanitizer.SanitizedPhoto photo, String uploadedBy) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean created;
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ExifData exif = photo.exif();
                    ps.setString(1, id);
                    ps.setString(2, photo.format().contentType());
                    ps.setInt(3, photo.bytes().length);
                    ps.setInt(4, photo.width());
                    ps.setInt(5, photo.height());
                    setDouble(ps, 6, exif.longitude());
                    setDouble(ps, 7, exif.latitude());
                    ps.setObject(8, exif.takenAt());
                    ps.setString(9, exif.takenAtOffset() == null ? null : exif.takenAtOffset().getId().replace("Z", "+00:00"));
                    ps.setString(10, uploadedBy);
                    created = ps.executeUpdate() == 1;
                }
                try (PreparedStatement ps = c.prepareStatement(INSERT_UPLOADER)) {
                    ps.setString(1, id);
                    ps.setString(2, uploadedBy);
                    ps.executeUpdate();
                }
                c.commit();
                return created;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording photo " + id + " failed", e);
        }
    }

    public Optional<PhotoRow> find(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp uploaded = rs.getTimestamp(11);
                return Optional.of(new PhotoRow(rs.getString(1), ImageFormat.ofContentType(rs.getString(2)).orElseThrow(),
                        rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getObject(6, Double.class), rs.getObject(7, Double.class),
                        rs.getObject(8, LocalDateTime.class), rs.getString(9), rs.getString(10), uploaded.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading photo " + id + " failed", e);
        }
    }

    public boolean isUploader(String id, String username) {
        return exists("SELECT 1 FROM photo_uploader WHERE photo_id = ? AND username = ?", id, username);
    }

    /** Of {@code ids}, those without a photo row, in their given order. */
    public Set<String> missing(Collection<String> ids) {
        Set<String> wanted = new LinkedHashSet<>(ids);
        if (wanted.isEmpty()) {
            return wanted;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM photo WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", wanted.toArray()));
            List<String> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            wanted.removeAll(found);
            return wanted;
        } catch (SQLException e) {
            throw new IllegalStateException("looking up photos failed", e);
        }
    }

    private boolean exists(String sql, String... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading photos failed", e);
        }
    }

    private static void setDouble(PreparedStatement ps, int index, @Nullable Double v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, v);
        }
    }
}
