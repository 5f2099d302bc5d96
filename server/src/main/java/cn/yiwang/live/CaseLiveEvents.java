package cn.yiwang.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yiwang.cases.CaseChangedEvent;
import cn.yiwang.cases.CaseColumn;
import cn.yiwang.cases.CaseService;
import cn.yiwang.cases.CaseState;
import cn.yiwang.db.DatabaseFailures;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * Turns each committed case change ({@link CaseChangedEvent}) into a live event: {@code case.created},
 * {@code case.routed} (grid confirmed or moved), {@code case.overdue}, {@code case.escalated}, and
 * {@code case.status_changed} for every other step. The payload is what a map marker and a ticker
 * need: id, code, status, category, urgency, WGS84 lon/lat, micro grid and its chain, floor,
 * overdue and supervision level. Never the reporter's name or phone.
 *
 * <p>Off the request path: the publisher's thread (the case request, right after its commit) only
 * queues the change; one writer thread takes each case as the change committed it (or reads it, when the event does not
 * carry it) and appends everything queued so far in one
 * transaction ({@link LiveEventLog#appendAll}), in the order the changes were published. So intake
 * does not wait for the log's lock and a burst of cases costs one commit. A full queue (a stalled
 * database) makes the publisher wait up to {@link #OFFER_TIMEOUT_SECONDS} and then drops the event
 * with a warning; consoles catch up from the case list. A failure to append is retried for a minute
 * (a database restart), then logged; it never fails the case request. Events still queued at shutdown are written before the log closes.
 */
@Singleton
public class CaseLiveEvents implements ApplicationEventListener<CaseChangedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(CaseLiveEvents.class);

    private final CaseService cases;
    private final GridService grids;
    private final LiveEventLog log;
    private final JsonMapper json;
    private final BlockingQueue<CaseChangedEvent> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile boolean running = true;

    static final int QUEUE_CAPACITY = 100_000;
    static final int BATCH = 500;
    static final int OFFER_TIMEOUT_SECONDS = 5;
    static final int RETRY_SECONDS = 60;

    public CaseLiveEvents(CaseService cases, GridService grids, LiveEventLog log, JsonMapper json) {
        this.cases = cases;
        this.grids = grids;
        this.log = log;
        this.json = json;
        this.writer = new Thread(this::run, "live-case-events");
        writer.setDaemon(true);
        writer.start();
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
            if (!queue.offer(event, OFFER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Live event queue full: the event of case {} ({}) is dropped", event.caseId(), event.type());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<CaseChangedEvent> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                CaseChangedEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeRetrying(batch);
            } catch (InterruptedException e) {
                if (running) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not append {} live case events", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Writes the batch; when the database is unreachable (a restart, a failover) tries again with a
     * growing pause (0.1 s doubling to 2 s) for up to {@link #RETRY_SECONDS}, so the events of cases
     * committed just before the outage are not lost. Gives up with a warning after that.
     */
    private void writeRetrying(List<CaseChangedEvent> batch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
        long pauseMillis = 100;
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
                    throw e;
                }
                LOG.warn("Could not append {} live case events ({}); trying again in {} ms", batch.size(), e.getMessage(), pauseMillis);
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(2000, pauseMillis * 2);
            }
        }
    }

    private void write(List<CaseChangedEvent> batch) {
        List<LiveEvent.Draft> drafts = new ArrayList<>(batch.size());
        for (CaseChangedEvent event : batch) {
            try {
                CaseState s = event.state() != null ? event.state() : cases.load(event.caseId());
                drafts.add(new LiveEvent.Draft(LiveTopic.CASES, typeOf(event.type()), s.text(CaseColumn.GRID_CODE),
                        s.list(CaseColumn.NEIGHBOUR_CODES), s.text(CaseColumn.DEPARTMENT_CODE), s.text(CaseColumn.CREATED_BY), null,
                        json.writeValueAsString(payload(s, event.type()))));
            } catch (RuntimeException e) {
                if (DatabaseFailures.isTransient(e)) {
                    throw e; // the whole batch is tried again
                }
                LOG.warn("Could not build the live event of case {} ({})", event.caseId(), event.type(), e);
            } catch (IOException e) {
                LOG.warn("Could not build the live event of case {} ({})", event.caseId(), event.type(), e);
            }
        }
        log.appendAll(drafts);
    }

    /** Writes what is still queued, then stops the writer (before the log and its pool close). */
    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(OFFER_TIMEOUT_SECONDS));
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
