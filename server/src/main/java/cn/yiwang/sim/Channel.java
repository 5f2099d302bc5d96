package cn.yiwang.sim;

import java.util.Locale;

/**
 * The intake channels of {@code POST /api/cases} with the share of cases each brings in the
 * simulation and how precise its location is. Shares are plausible for a district platform
 * (patrol and the 12345 hotline carry most cases); they add up to 1.
 */
public enum Channel {
    PATROL(0.45, 5, 15),
    HOTLINE_12345(0.30, 30, 80),
    CITIZEN_APP(0.12, 10, 30),
    POLICE_110(0.05, 20, 50),
    VIDEO_AI(0.04, 3, 8),
    IOT(0.03, 2, 5),
    DEPUTY(0.01, 30, 60);

    private final double share;
    private final double minAccuracyMeters;
    private final double maxAccuracyMeters;

    Channel(double share, double minAccuracyMeters, double maxAccuracyMeters) {
        this.share = share;
        this.minAccuracyMeters = minAccuracyMeters;
        this.maxAccuracyMeters = maxAccuracyMeters;
    }

    /** The {@code source} value of the API. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double share() {
        return share;
    }

    public double minAccuracyMeters() {
        return minAccuracyMeters;
    }

    public double maxAccuracyMeters() {
        return maxAccuracyMeters;
    }

    /** Whether a citizen (or deputy) stands behind the report: it has a reporter and is evaluated after closing. */
    public boolean hasCitizen() {
        return this == HOTLINE_12345 || this == CITIZEN_APP || this == POLICE_110 || this == DEPUTY;
    }

    /** Machines and workers report without a reporter contact. */
    public boolean hasReporter() {
        return hasCitizen();
    }

    /** By default patrol, hotline, app and 110 may report any category; video AI, IoT and deputies only those that list them. */
    double defaultFactor() {
        return this == VIDEO_AI || this == IOT || this == DEPUTY ? 0 : 1;
    }

    public static Channel fromKey(String key) {
        for (Channel c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + key + "'");
    }
}
