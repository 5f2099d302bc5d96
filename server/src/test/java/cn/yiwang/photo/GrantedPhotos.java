package cn.yiwang.photo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/**
 * A {@link PhotoAccessPolicy} the way a feature that attaches photos would add one: it grants
 * photos to users by (username, photo id) pairs a test puts in. Empty unless a test fills it.
 */
@Singleton
class GrantedPhotos implements PhotoAccessPolicy {

    private final Set<String> grants = ConcurrentHashMap.newKeySet();

    void grant(String username, String photoId) {
        grants.add(username + "/" + photoId);
    }

    @Override
    public boolean canRead(Authentication user, String photoId) {
        return grants.contains(user.getName() + "/" + photoId);
    }
}
