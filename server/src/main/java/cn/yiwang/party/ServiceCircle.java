package cn.yiwang.party;

/**
 * The straight-line approximation of a walk (no road network in the system): a walk of
 * {@code minutes} at {@link #WALK_METERS_PER_MINUTE} covers {@code minutes × 80} m of path, and a path
 * through city blocks is taken as {@link #DETOUR_FACTOR} times the straight-line distance, so the
 * circle's radius is {@code minutes × 80 / 1.3} m (923 m for 15 minutes) and a place at straight-line
 * distance d is {@code d × 1.3 / 80} minutes away. 1.3 is the usual ratio of network to straight-line
 * distance in a dense grid of streets (1.2–1.4). Pure; thread-safe.
 */
public final class ServiceCircle {

    public static final String METHOD = "straight-line";
    public static final double WALK_METERS_PER_MINUTE = 80;
    public static final double DETOUR_FACTOR = 1.3;
    public static final int MAX_MINUTES = 60;

    private ServiceCircle() {
    }

    /** Straight-line radius reached in {@code minutes} of walking. */
    public static double radiusMeters(double minutes) {
        if (!(minutes > 0) || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes must be in (0, " + MAX_MINUTES + "], not " + minutes);
        }
        return minutes * WALK_METERS_PER_MINUTE / DETOUR_FACTOR;
    }

    /** Estimated walking minutes to a place at a straight-line distance. */
    public static double walkMinutes(double straightLineMeters) {
        return straightLineMeters * DETOUR_FACTOR / WALK_METERS_PER_MINUTE;
    }
}
