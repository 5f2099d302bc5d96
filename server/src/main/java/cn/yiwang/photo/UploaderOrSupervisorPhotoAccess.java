package cn.yiwang.photo;

import java.util.Set;

import cn.yiwang.security.Role;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/**
 * Until photos are attached to cases: anyone who uploaded the bytes (each uploader of a
 * deduplicated photo, since they hold the picture already), and the city-wide supervising roles
 * admin, ops and dispatcher.
 */
@Singleton
public class UploaderOrSupervisorPhotoAccess implements PhotoAccessPolicy {

    static final Set<String> SUPERVISORS = Set.of(Role.ADMIN_KEY, Role.OPS_KEY, Role.DISPATCHER_KEY);

    private final PhotoRepository repository;

    public UploaderOrSupervisorPhotoAccess(PhotoRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean canRead(Authentication user, String photoId) {
        return user.getRoles().stream().anyMatch(SUPERVISORS::contains) || repository.isUploader(photoId, user.getName());
    }
}
