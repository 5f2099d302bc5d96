package cn.yiwang.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.cases.CaseChangedEvent;
import cn.yiwang.cases.CaseColumn;
import cn.yiwang.cases.CaseService;
import cn.yiwang.cases.CaseState;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Turns each committed case change ({@link CaseChangedEvent}) into a live event: {@code case.created},
 * {@code case.routed} (grid confirmed or moved), {@code case.overdue}, {@code case.escalated}, and
 * {@code case.status_changed} for every other step. The payload is what a map marker and a ticker
 * need: id, code, status, category, urgency, WGS84 lon/lat, micro grid and its chain, floor,
 * overdue and supervision level. Never the reporter's name or phone. Runs in the publisher's
 * thread right after the commit; a failure to append is logged and never fails the case request.
 */
@Singleton
public class CaseLiveEvents implements ApplicationEventListener<CaseChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(CaseLiveEvents.class);

    private final CaseService cases;
    private final GridService grids;
    private final LiveEventLog log;
    private final JsonMapper json;

    public CaseLiveEvents(CaseService cases, GridService grids, LiveEventLog log, JsonMapper json) {
        this.cases = cases;
        this.grids = grids;
        this.log = log;
        this.json = json;
    }

    /** The live event type of a case change ({@link CaseChangedEvent#type()}: "created", an action key, "overdue" …). */
    static String typeOf(String change) {
        return switch (change) {
            case "created" -> "case.created";
            case "confirm_grid", "move_grid", "rerouted" -> "case.routed";
            case "overdue" -> "case.overdue";
            case "escalate" -> "case.escalated";
            default -> "case.status_changed";
        };
    }

    @Override
    public void onApplicationEvent(CaseChangedEvent event) {
        try {
            CaseState s = cases.load(event.caseId());
            log.append(new LiveEvent.Draft(LiveTopic.CASES, typeOf(event.type()), s.text(CaseColumn.GRID_CODE),
                    s.list(CaseColumn.NEIGHBOUR_CODES), s.text(CaseColumn.DEPARTMENT_CODE), s.text(CaseColumn.CREATED_BY), null,
                    json.writeValueAsString(payload(s, event.type()))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not append the live event of case {} ({})", event.caseId(), event.type(), e);
        }
    }

    private Map<String, Object> payload(CaseState s, String change) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", s.id());
        p.put("code", s.text(CaseColumn.CODE));
        p.put("change", change);
        p.put("status", s.status().key());
        p.put("statusName", s.status().nameZh());
        p.put("category", s.text(CaseColumn.CATEGORY_CODE));
        p.put("urgency", s.text(CaseColumn.URGENCY));
        p.put("source", s.text(CaseColumn.SOURCE));
        p.put("lon", s.decimal(CaseColumn.LON));
        p.put("lat", s.decimal(CaseColumn.LAT));
        p.put("floor", s.get(CaseColumn.FLOOR));
        String grid = s.text(CaseColumn.GRID_CODE);
        p.put("grid", grid);
        List<Map<String, String>> chain = new ArrayList<>();
        if (grid != null) {
            for (GridSummary g : grids.catalog().chain(grid)) {
                chain.add(Map.of("code", g.code(), "name", g.name(), "level", g.level()));
            }
        }
        p.put("chain", chain);
        p.put("department", s.text(CaseColumn.DEPARTMENT_CODE));
        p.put("overdue", s.flag(CaseColumn.OVERDUE));
        p.put("supervisionLevel", s.integer(CaseColumn.SUPERVISION_LEVEL));
        p.put("sankua", s.flag(CaseColumn.SANKUA));
        p.put("deadline", s.instant(CaseColumn.DEADLINE_AT) == null ? null : s.instant(CaseColumn.DEADLINE_AT).toString());
        p.put("version", s.version());
        p.put("updatedAt", s.updatedAt().toString());
        return p;
    }
}
