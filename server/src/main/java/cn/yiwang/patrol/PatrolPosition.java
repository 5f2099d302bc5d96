package cn.yiwang.patrol;

import java.time.Instant;

import io.micronaut.core.annotation.Nullable;

/**
 * The latest known position of a worker, WGS84. Immutable.
 *
 * @param grid           the micro grid the fix lies in (or snapped to); null outside every grid
 * @param ownGrid        the level-3 grid the worker is on duty for; null when none
 * @param visibilityGrid who may see it: those whose scope covers this code
 * @param insideOwnGrid  the fix lies in the worker's own level-3 grid
 */
public record PatrolPosition(long userId, String username, String displayName, String deviceId, Instant fixedAt,
                             double lon, double lat, @Nullable String grid, @Nullable String ownGrid,
                             String visibilityGrid, boolean insideOwnGrid, @Nullable Double speedMps,
                             @Nullable Double accuracyM) {
}
