package cn.yiwang.photo;

import io.micronaut.security.authentication.Authentication;

/**
 * Grants reading a photo. Every bean of this type is asked and one {@code true} is enough:
 * policies only ever grant, so adding one can never take access away. Built in:
 * {@link UploaderOrSupervisorPhotoAccess} (whoever uploaded the bytes; admin, ops, dispatcher).
 *
 * <p>A feature that attaches photos to something (a case, a handling step) adds a bean granting
 * a photo to everyone who may see that thing, e.g. {@code canRead(user, id) =
 * cases.anyVisibleCaseHasPhoto(user, id)}. Implementations are called on blocking threads, may
 * query the database, and must be thread-safe.
 */
public interface PhotoAccessPolicy {

    /**
     * @param user    the authenticated caller (name, roles, and the {@code scope} attribute: grid code)
     * @param photoId an existing photo's id
     */
    boolean canRead(Authentication user, String photoId);
}
