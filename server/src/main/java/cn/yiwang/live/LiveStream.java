package cn.yiwang.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.micronaut.http.sse.Event;

/**
 * One SSE connection: a Reactive Streams publisher of at most one subscriber (the HTTP response),
 * fed by the {@link LiveHub} and by the replay, with a bounded queue. The server's network layer
 * asks for more only as the socket drains, so a client that does not read lets the queue fill; one
 * live event beyond {@code capacity} and the queue is dropped, the client is sent a {@code resync}
 * event (without id: its {@code Last-Event-ID} stays at the last event it really got, so its
 * reconnect replays the rest) and the stream completes. Events are deduplicated by id: nothing at
 * or below the last queued id is queued again, which is what makes replay + live gap- and
 * duplicate-free. Thread-safe; {@code onNext} calls are serialised.
 */
public final class LiveStream implements Publisher<Event<String>>, Subscription {

    /** Heartbeat: a comment line, which EventSource ignores (no message is dispatched). */
    private static final String HEARTBEAT = "heartbeat";

    private final LiveFilter filter;
    private final int capacity;
    private final Runnable onClose;
    private final ArrayDeque<Event<String>> queue = new ArrayDeque<>();
    private final List<LiveEvent> held = new ArrayList<>();
    private final AtomicInteger wip = new AtomicInteger();
    private Subscriber<? super Event<String>> subscriber;
    private long demand;
    private long lastId = -1;
    private int allowance;
    private boolean replaying = true;
    private boolean closing;
    private boolean forceClose;
    private boolean finished;
    private long closingSinceNanos;
    private final long openedNanos = System.nanoTime();

    /**
     * @param capacity live events queued beyond what the client has taken before it is told to resync
     * @param onClose  run once when the stream ends (client gone, overflow, shutdown)
     */
    public LiveStream(LiveFilter filter, int capacity, Runnable onClose) {
        this.filter = filter;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    public LiveFilter filter() {
        return filter;
    }

    /** A live event from the hub: queued when it passes the filter (checked by the hub) and is new. */
    void offer(LiveEvent e, Event<String> sse) {
        synchronized (this) {
            if (finished || closing) {
                return;
            }
            if (replaying) {
                held.add(e);
                return;
            }
            if (e.id() <= lastId) {
                return;
            }
            if (queue.size() >= capacity + allowance) {
                queue.clear();
                queue.add(control("resync", "{\"reason\":\"slow_consumer\",\"detail\":\"客户端接收过慢，连接已关闭，请携带 Last-Event-ID 重新连接\"}", null));
                closing = true;
                closingSinceNanos = System.nanoTime();
            } else {
                queue.add(sse);
                lastId = e.id();
            }
        }
        drain();
    }

    /**
     * Ends the replay phase: queues {@code first} (the ready or resync event), then the replayed
     * events, then what the hub delivered meanwhile, each once, in id order.
     *
     * @param startId the position the stream continues from (events at or below it are not sent)
     */
    void start(Event<String> first, long startId, List<LiveEvent> replay, java.util.function.Function<LiveEvent, Event<String>> toSse) {
        synchronized (this) {
            queue.add(first);
            lastId = startId;
            for (LiveEvent e : replay) {
                if (e.id() > lastId) {
                    queue.add(toSse.apply(e));
                    lastId = e.id();
                }
            }
            for (LiveEvent e : held) {
                if (e.id() > lastId) {
                    queue.add(toSse.apply(e));
                    lastId = e.id();
                }
            }
            held.clear();
            // The replay itself may exceed the live buffer; only what comes after counts against it.
            allowance = queue.size();
            replaying = false;
        }
        drain();
    }

    /** Queues a heartbeat when nothing else is waiting; ends a stream stuck in closing for longer than {@code closeAfterNanos}. */
    void tick(long closeAfterNanos) {
        boolean abandoned = false;
        synchronized (this) {
            if (finished) {
                return;
            }
            if (subscriber == null && System.nanoTime() - openedNanos > closeAfterNanos) {
                // The response was never subscribed to (the client left before it started): forget it.
                finished = true;
                queue.clear();
                held.clear();
                abandoned = true;
            } else if (closing && System.nanoTime() - closingSinceNanos > closeAfterNanos) {
                forceClose = true;
            } else if (!closing && !replaying && queue.isEmpty()) {
                queue.add(Event.of("").comment(HEARTBEAT));
            }
        }
        if (abandoned) {
            onClose.run();
            return;
        }
        drain();
    }

    /** Server shutdown: completes the stream. */
    void shutdown() {
        synchronized (this) {
            closing = true;
            forceClose = true;
        }
        drain();
    }

    synchronized boolean finished() {
        return finished;
    }

    static Event<String> control(String type, String dataJson, Long id) {
        Event<String> e = Event.of("{\"type\":\"" + type + "\",\"topic\":\"control\",\"data\":" + dataJson + "}");
        return id == null ? e : e.id(Long.toString(id));
    }

    @Override
    public void subscribe(Subscriber<? super Event<String>> s) {
        synchronized (this) {
            if (subscriber != null) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException("a live stream has one subscriber"));
                return;
            }
            subscriber = s;
        }
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            return;
        }
        synchronized (this) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        boolean close;
        synchronized (this) {
            close = !finished;
            finished = true;
            queue.clear();
            held.clear();
        }
        if (close) {
            onClose.run();
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                Event<String> next = null;
                boolean complete = false;
                Subscriber<? super Event<String>> s;
                synchronized (this) {
                    s = subscriber;
                    if (finished || s == null) {
                        break;
                    }
                    if (forceClose) {
                        queue.clear();
                    }
                    if (demand > 0 && !queue.isEmpty()) {
                        next = queue.poll();
                        demand--;
                    } else if (closing && queue.isEmpty()) {
                        complete = true;
                        finished = true;
                    }
                }
                if (next != null) {
                    s.onNext(next);
                } else {
                    if (complete) {
                        onClose.run();
                        s.onComplete();
                    }
                    break;
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
