package cn.yiwang.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import cn.yiwang.photo.PhotoAccessPolicy;
import cn.yiwang.security.Caller;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/** Whoever may see a case may see its photos: those reported with it and those attached to its steps. */
@Singleton
public class CasePhotoAccess implements PhotoAccessPolicy {

    private final DataSource dataSource;
    private final CaseRepository repository;

    public CasePhotoAccess(DataSource dataSource, CaseRepository repository) {
        this.dataSource = dataSource;
        this.repository = repository;
    }

    @Override
    public boolean canRead(Authentication user, String photoId) {
        Caller caller = Caller.of(user);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT id FROM case_record WHERE photos @> ARRAY[?]::text[]
                     UNION SELECT case_id FROM case_event WHERE attachments @> ARRAY[?]::text[]
                     LIMIT 100""")) {
            ps.setString(1, photoId);
            ps.setString(2, photoId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (repository.find(c, rs.getLong(1), false).map(s -> CaseService.visible(s, caller)).orElse(false)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("checking photo access failed", e);
        }
    }
}
