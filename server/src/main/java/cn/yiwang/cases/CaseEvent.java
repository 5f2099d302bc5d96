package cn.yiwang.cases;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;

/**
 * One step of a case's history, as stored in the append-only {@code case_event}: who (actor, role),
 * when, the action ({@code type}: {@code created}, a {@link CaseAction} key, or a system step such as
 * {@code overdue} or {@code rerouted}), the status before and after, a comment, where the actor was,
 * attachments (photo ids) and {@code changes}: every case field the step set, so that folding the
 * events in {@code seq} order rebuilds the case; {@code params} keeps what the step was asked with
 * (e.g. the extension hours requested) that is not a case field.
 */
public record CaseEvent(long caseId, int seq, Instant at, String actor, @Nullable String role, String type,
                        @Nullable String fromStatus, @Nullable String toStatus, @Nullable String comment,
                        @Nullable Double lon, @Nullable Double lat, List<String> attachments,
                        Map<CaseColumn, Object> changes, Map<String, Object> params) {

    public static final String CREATED = "created";

    public CaseEvent {
        attachments = List.copyOf(attachments);
        java.util.EnumMap<CaseColumn, Object> copy = new java.util.EnumMap<>(CaseColumn.class);
        copy.putAll(changes);
        changes = java.util.Collections.unmodifiableMap(copy);
        params = Map.copyOf(params);
    }
}
