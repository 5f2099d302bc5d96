package cn.yiwang.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Problem;
import cn.yiwang.db.Transactions;
import cn.yiwang.geo.CoordinateSystem;
import cn.yiwang.layers.LayerChangedEvent;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * Component imports (read and check with {@link ComponentFileReader}, store all or nothing with
 * {@link ComponentRepository#importAll}, audit, drop the touched layers' tiles), status changes, and
 * the check a case intake makes on a referenced component.
 */
@Singleton
public class ComponentService {

    static final String INVALID_BODY = "/problems/invalid-body";
    /** How far from the case location a referenced component may stand. */
    public static final double MAX_CASE_DISTANCE_METERS = 50;

    /** What an import did. */
    @Serdeable
    public record ImportSummary(String format, @Nullable String encoding, int rows, int inserted, int updated,
                                int withoutMicroGrid, List<String> kinds, List<String> districts, String crs) {
    }

    private final ComponentRepository repository;
    private final AuditLog audit;
    private final ApplicationEventPublisher<LayerChangedEvent> layerChanged;
    private final DataSource dataSource;

    public ComponentService(ComponentRepository repository, AuditLog audit, ApplicationEventPublisher<LayerChangedEvent> layerChanged,
                            DataSource dataSource) {
        this.repository = repository;
        this.audit = audit;
        this.layerChanged = layerChanged;
        this.dataSource = dataSource;
    }

    /** Imports a read file; 400 problem+json listing the rows at fault when anything is wrong, and nothing is written. */
    public ImportSummary importRead(ComponentFileReader.Result read, String format, boolean update, CoordinateSystem crs,
                                    Caller caller, @Nullable String clientIp) {
        if (!read.ok()) {
            throw invalid(read.issues());
        }
        if (read.records().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY, "The file holds no components. Nothing was imported.",
                    List.of(new Problem.InvalidParam(null, "", "no rows")));
        }
        ComponentRepository.ImportOutcome outcome = repository.importAll(read.records(), update);
        if (!outcome.ok()) {
            throw invalid(outcome.issues());
        }
        String crsKey = crs.name().toLowerCase(Locale.ROOT);
        ImportSummary summary = new ImportSummary(format, read.encoding(), read.records().size(), outcome.inserted(),
                outcome.updated(), outcome.withoutMicroGrid(), List.copyOf(outcome.kinds()), List.copyOf(outcome.districts()), crsKey);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("format", format);
        detail.put("encoding", read.encoding());
        detail.put("rows", summary.rows());
        detail.put("inserted", summary.inserted());
        detail.put("updated", summary.updated());
        detail.put("kinds", summary.kinds());
        audit.record(caller.username(), caller.role().key(), "component.import", "district:" + String.join(",", outcome.districts()),
                clientIp, detail);
        for (String kind : outcome.kinds()) {
            ComponentKind.parse(kind).ifPresent(k -> layerChanged.publishEvent(LayerChangedEvent.wholeLayer(k.layerId())));
        }
        return summary;
    }

    /** Sets the status of a component in the caller's scope; audited with the old and new value. */
    public ComponentRepository.Component setStatus(long id, String rawStatus, Caller caller, @Nullable String clientIp) {
        ComponentStatus status = ComponentStatus.parse(rawStatus).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY,
                "Unknown status '" + rawStatus + "'; one of normal, fault, offline, maintenance.",
                List.of(new Problem.InvalidParam(null, "/status", "unknown status"))));
        ComponentRepository.Component before = visible(id, caller);
        Transactions.inTransaction(dataSource, "setting the status of component " + id, c -> {
            repository.setStatus(c, id, status.key());
            audit.record(c, caller.username(), caller.role().key(), "component.status", "component:" + before.code(), clientIp,
                    Map.of("from", before.status(), "to", status.key()));
            return null;
        });
        ComponentKind.parse(before.kind()).ifPresent(k -> layerChanged.publishEvent(LayerChangedEvent.of(k.layerId(),
                new org.locationtech.jts.geom.GeometryFactory().createPoint(new org.locationtech.jts.geom.Coordinate(before.lon(), before.lat())))));
        return repository.find(id).orElseThrow();
    }

    /** The component if it lies in the caller's scope; 404 otherwise (its existence elsewhere is not disclosed). */
    public ComponentRepository.Component visible(long id, Caller caller) {
        Optional<ComponentRepository.Component> found = repository.find(id);
        if (found.isEmpty() || !caller.covers(found.get().microCode())) {
            throw ApiException.notFound("No component " + id + " within your scope.");
        }
        return found.get();
    }

    /**
     * For case intake: the component must exist and stand within {@value #MAX_CASE_DISTANCE_METERS} m of
     * the case location (WGS84); 422 otherwise, naming {@code /componentId}.
     */
    public void checkNearCase(long componentId, @Nullable Double lon, @Nullable Double lat) {
        if (lon == null || lat == null) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/component-mismatch",
                    "A case naming component " + componentId + " needs a location near it.",
                    List.of(new Problem.InvalidParam(null, "/location", "required with componentId")));
        }
        Optional<Double> d = repository.distanceMeters(componentId, lon, lat);
        if (d.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/component-mismatch",
                    "No component with id " + componentId + ".", List.of(new Problem.InvalidParam(null, "/componentId", "no such component")));
        }
        if (d.get() > MAX_CASE_DISTANCE_METERS) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "/problems/component-mismatch",
                    String.format(Locale.ROOT, "Component %d stands %.0f m from the case location; at most %.0f m.", componentId, d.get(),
                            MAX_CASE_DISTANCE_METERS),
                    List.of(new Problem.InvalidParam(null, "/componentId", "farther than " + (int) MAX_CASE_DISTANCE_METERS + " m from /location")));
        }
    }

    private static ApiException invalid(List<ComponentFileReader.Issue> issues) {
        ComponentFileReader.Issue first = issues.get(0);
        String more = issues.size() == 1 ? "" : " (and " + (issues.size() >= ComponentFileReader.MAX_ISSUES ? "at least " : "")
                + (issues.size() - 1) + " more, listed in errors)";
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_BODY,
                "Invalid import at " + (first.where().isEmpty() ? "the body" : first.where()) + ": " + first.detail() + more
                        + ". Nothing was imported.",
                issues.stream().map(i -> new Problem.InvalidParam(null, i.where(), i.detail())).toList());
    }
}
