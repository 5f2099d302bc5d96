package cn.yiwang.category;

import java.time.Instant;

/**
 * Who last changed a taxonomy row and when. {@code version} starts at 1 and grows by one with every
 * change (the ETag of optimistic concurrency); {@code source} is {@code data-file} while the row is
 * as the start-up loader wrote it and {@code admin} once an admin edited or created it, after which
 * the loader leaves it alone.
 */
public record Revision(int version, String source, String updatedBy, Instant updatedAt) {

    public static final String DATA_FILE = "data-file";
    public static final String ADMIN = "admin";

    /** For definitions read from a data file and not stored yet. */
    public static final Revision UNSTORED = new Revision(0, DATA_FILE, "system", Instant.EPOCH);

    public boolean editedByAdmin() {
        return ADMIN.equals(source);
    }
}
