package cn.yiwang.patrol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Validates the drafts of one request against the rules ({@link PatrolFixValidator}), the device
 * registry, the retention window and the worker's duty ({@link PatrolDuty}: a fix taken while its
 * worker was off duty is refused, counted in {@link Checked#offDuty()}); what passes goes to
 * {@link PatrolWriter}. Thread-safe.
 */
@Singleton
public class PatrolIngestService {

    /** One rejected point: its index in the request and why. */
    @Serdeable
    public record Invalid(int index, String reason) {
    }

    /** The points of a request that may be stored, the rejected ones, and the devices involved. */
    public record Checked(List<PatrolWriter.Owned> valid, List<Invalid> invalid, Set<PatrolDevices.Device> devices,
                          Set<String> unknownDevices, int offDuty) {
    }

    /** The reason of a fix refused as off duty starts with this. */
    public static final String OFF_DUTY = "off duty";

    private final PatrolDevices devices;
    private final PatrolDuty duty;
    private final PatrolPrivacyConfiguration privacy;

    public PatrolIngestService(PatrolDevices devices, PatrolDuty duty, PatrolPrivacyConfiguration privacy) {
        this.devices = devices;
        this.duty = duty;
        this.privacy = privacy;
    }

    public Checked check(List<PatrolFixDraft> drafts, CoordinateSystem defaultCrs, String source) {
        Instant now = Instant.now();
        List<PatrolFix> fixes = new ArrayList<>(drafts.size());
        List<Invalid> invalid = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            PatrolFixValidator.Result r = PatrolFixValidator.validate(drafts.get(i), defaultCrs, source, now);
            fixes.add(r.fix());
            if (r.fix() == null) {
                invalid.add(new Invalid(i, r.reason()));
            } else {
                ids.add(r.fix().deviceId());
            }
        }
        Map<String, PatrolDevices.Device> known = devices.find(ids);
        List<PatrolWriter.Owned> valid = new ArrayList<>();
        Set<PatrolDevices.Device> involved = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        boolean enforced = duty.enforced();
        if (enforced) {
            duty.prepare(known.values());
        }
        Instant oldest = now.minus(java.time.Duration.ofDays(privacy.retentionDays()));
        int offDuty = 0;
        for (int i = 0; i < fixes.size(); i++) {
            PatrolFix f = fixes.get(i);
            if (f == null) {
                continue;
            }
            PatrolDevices.Device d = known.get(f.deviceId());
            if (d == null) {
                unknown.add(f.deviceId());
                invalid.add(new Invalid(i, "deviceId: unknown device '" + f.deviceId() + "'"));
            } else if (f.fixedAt().isBefore(oldest)) {
                involved.add(d);
                invalid.add(new Invalid(i, "timestamp: " + f.fixedAt() + " is older than the retention of "
                        + privacy.retentionDays() + " days (yiwang.patrol.retention-days)"));
            } else if (enforced && !duty.onDuty(d, f.fixedAt())) {
                involved.add(d);
                offDuty++;
                invalid.add(new Invalid(i, OFF_DUTY + ": " + d.username() + " was not on duty at " + f.fixedAt()
                        + " (outside the shift and no patrol started); nothing is recorded off duty"));
            } else {
                involved.add(d);
                valid.add(new PatrolWriter.Owned(f, d));
            }
        }
        if (offDuty > 0) {
            duty.countOffDuty(offDuty);
        }
        invalid.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Checked(valid, invalid, involved, unknown, offDuty);
    }

    /**
     * Whether {@code caller} may send points of {@code device}: the worker it belongs to, or the ops
     * center and admins for workers inside their scope (other systems feeding tracks in).
     */
    public static boolean mayPostFor(Caller caller, PatrolDevices.Device device) {
        if (caller.userId() == device.userId()) {
            return true;
        }
        return (caller.role() == Role.ADMIN || caller.role() == Role.OPS) && caller.covers(device.visibilityGrid());
    }
}
