package cn.yiwang.live;

import java.util.List;

import io.micronaut.core.annotation.Nullable;

/**
 * One row of the live-event log: its id (the SSE {@code id:}), what it is, who may receive it, and
 * {@code json}, the exact {@code data:} line every stream sends ({@code {"id","type","topic","at","data"}}),
 * built once by PostgreSQL and shared by all connections. Immutable.
 *
 * @param gridCode       the grid the event belongs to (a case's micro grid, an instruction's target); null: none
 * @param neighbourCodes grids whose workers also see the case (accuracy circle reaching into them)
 * @param departmentCode a case's department, for department users
 * @param actor          the username that caused it (a case's reporter sees their own case)
 * @param instructionId  set for instruction events; recipients of that instruction receive {@code instruction.sent}
 * @param origin         the instance that appended it
 */
public record LiveEvent(long id, LiveTopic topic, String type, @Nullable String gridCode, List<String> neighbourCodes,
                        @Nullable String departmentCode, @Nullable String actor, @Nullable Long instructionId, String origin,
                        String json) {

    public LiveEvent {
        neighbourCodes = List.copyOf(neighbourCodes);
    }

    /** What a writer appends: the log assigns id, time and origin. {@code payloadJson} is a JSON object. */
    public record Draft(LiveTopic topic, String type, @Nullable String gridCode, List<String> neighbourCodes,
                        @Nullable String departmentCode, @Nullable String actor, @Nullable Long instructionId, String payloadJson) {

        public Draft {
            neighbourCodes = List.copyOf(neighbourCodes);
        }

        public static Draft of(LiveTopic topic, String type, @Nullable String gridCode, String payloadJson) {
            return new Draft(topic, type, gridCode, List.of(), null, null, null, payloadJson);
        }
    }
}
