package cn.yiwang.cases;

import java.time.Instant;
import java.util.List;

import cn.yiwang.grid.GridSummary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A case as the API shows it to one caller: reporter contact masked, the actions the caller may take now.
 */
@Serdeable
public record CaseView(long id, String code, String source, Category category, String title, String description,
                       String urgency, String status, String statusName, @Nullable Location location, List<GridSummary> grids,
                       @Nullable GridSummary special, boolean assigned, @Nullable Double snappedMeters, List<Object> alternatives,
                       @Nullable DutyRoster.Person assignee, @Nullable Department department, @Nullable String handlerKind,
                       @Nullable Reporter reporter, List<String> photos, @Nullable Instant dispatchedAt,
                       @Nullable Instant deadline, boolean paused, @Nullable Instant handledAt, @Nullable Instant closedAt,
                       @Nullable Instant evaluatedAt, @Nullable Integer satisfaction, boolean overdue, int supervisionLevel,
                       int reworkCount, int returnCount, int reopenCount, int deferredCount, boolean sankua,
                       List<String> sankuaReasons, @Nullable Long duplicateOf, @Nullable Long mergedInto,
                       boolean closureReview, @Nullable Long parentId, String createdBy, Instant createdAt,
                       Instant updatedAt, int version, List<String> actions, @Nullable ComponentRef component) {

    /** The city component (部件) the case is about: what the map and the handler need to find it. */
    @Serdeable
    public record ComponentRef(long id, String code, String kind, String kindName, @Nullable String name, String status,
                               String statusName, double lon, double lat) {
    }

    @Serdeable
    public record Category(String code, @Nullable String name, @Nullable String topCode, @Nullable String topName) {
    }

    @Serdeable
    public record Location(double lon, double lat, String crs, @Nullable String inputCrs, @Nullable Double accuracy,
                           @Nullable Integer floor, @Nullable String address) {
    }

    @Serdeable
    public record Department(String code, @Nullable String name) {
    }

    /** Masked unless fetched through the audited {@code /reporter} endpoint. */
    @Serdeable
    public record Reporter(@Nullable String name, @Nullable String phone, boolean masked) {
    }
}
