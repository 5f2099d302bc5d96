package cn.yiwang.sim;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micronaut.json.JsonMapper;

/**
 * {@code ./yiwang simulate}: loads the grids, buildings and categories of a running server, optionally
 * backfills some days of history, then posts new cases at {@code --rate} per minute (Poisson
 * arrivals) and lets the {@link WorkflowDriver} move them along until {@code --duration} is over or
 * Ctrl-C, and prints a summary. Needs a running server; says so when nothing answers.
 */
public final class Simulator {

    /** Local time of the drafts (the server's case-code and calendar zone). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    /** Relative intake by hour of day for the backfill: quiet nights, busy office hours and evenings. */
    private static final double[] HOURLY_INTAKE = {0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.5, 1.6, 1.6, 1.5,
        1.2, 1.2, 1.5, 1.6, 1.5, 1.4, 1.4, 1.5, 1.4, 1.1, 0.7, 0.4};

    /** Nothing answers at the URL. */
    public static final class NoServer extends RuntimeException {
        NoServer(String message) {
            super(message);
        }
    }

    private final SimulatorOptions options;
    private final SimClient client;
    private final Clock clock;
    private final PrintStream out;
    private final SimulationStats stats = new SimulationStats();
    private volatile boolean stopRequested;

    public Simulator(SimulatorOptions options, SimClient client, Clock clock, PrintStream out) {
        this.options = options;
        this.client = client;
        this.clock = clock;
        this.out = out;
    }

    /** Asks a running simulation to stop (Ctrl-C); {@link #run()} then returns with the summary printed. */
    public void requestStop() {
        stopRequested = true;
    }

    public SimulationStats stats() {
        return stats;
    }

    /**
     * Runs until the duration is over or {@link #requestStop()}.
     *
     * @throws NoServer when nothing answers at the URL
     */
    public SimulationStats run() throws InterruptedException {
        if (!client.healthy()) {
            throw new NoServer("No Yiwang server answers at " + client.base() + "/health. Start one in another terminal with "
                    + "'./yiwang run' (or point --url at a running server), then run './yiwang simulate' again.");
        }
        Instant t0 = clock.instant();
        ServerCatalog catalog = ServerCatalog.load(client, "ops");
        CaseStreamGenerator generator = new CaseStreamGenerator(CaseProfiles.bundled(), catalog.categories().keySet(), catalog.sampler());
        out.printf("[simulate] %s: %d micro grids, %d categories (%d simulated); seed %d; %.1f cases/min, workflow speed ×%.0f%s%n",
                client.base(), catalog.sampler().microGridCount(), catalog.categories().size(), generator.profiles().size(), options.seed(),
                options.ratePerMinute(), options.speed(), options.duration() == null ? "; Ctrl-C stops" : "; for " + options.duration());
        SplittableRandom random = new SplittableRandom(options.seed());
        String runId = Long.toString(Math.abs(options.seed()), 36) + "-" + Long.toString(clock.millis(), 36);
        Duration offset = options.start() == null ? Duration.ZERO
                : Duration.between(LocalDateTime.ofInstant(clock.instant(), ZONE), options.start());
        PatrolSimulator patrol = new PatrolSimulator(client, ZONE, out);
        if (options.patrolWorkers() > 0) {
            out.printf("[simulate] patrol: %d grid workers walk their grids in working hours%n", patrol.load(options.patrolWorkers(), options.seed()));
        }
        try (WorkflowDriver driver = new WorkflowDriver(client, catalog.categories(), options.speed(), options.threads(), stats, clock, runId)) {
            if (options.backfillDays() > 0) {
                if (options.patrolWorkers() > 0) {
                    patrol.backfill(options.backfillDays(), clock.instant());
                }
                backfill(generator, driver, random, offset);
            }
            live(generator, driver, random, offset, options.patrolWorkers() > 0 ? patrol : null);
        }
        if (options.patrolWorkers() > 0) {
            out.printf("[simulate] patrol: %,d fixes sent, %,d refused%n", patrol.posted(), patrol.failed());
        }
        out.println(stats.summary(Duration.between(t0, clock.instant()).toMillis() / 1000.0));
        return stats;
    }

    private void backfill(CaseStreamGenerator generator, WorkflowDriver driver, SplittableRandom random, Duration offset)
            throws InterruptedException {
        int n = options.backfillDays() * options.backfillPerDay();
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(options.backfillDays()));
        long spanMillis = Duration.between(from, now).toMillis();
        double maxWeight = 0;
        for (double w : HOURLY_INTAKE) {
            maxWeight = Math.max(maxWeight, w);
        }
        List<Instant> times = new ArrayList<>(n);
        while (times.size() < n) {
            Instant t = from.plusMillis((long) (random.nextDouble() * spanMillis));
            if (random.nextDouble() * maxWeight < HOURLY_INTAKE[local(t, offset).getHour()]) {
                times.add(t);
            }
        }
        Collections.sort(times);
        out.printf("[simulate] backfill: %d cases over the last %d day(s), created now (the server stamps its own time)%n",
                n, options.backfillDays());
        int reported = 0;
        for (int i = 0; i < times.size() && !stopRequested; i++) {
            while (driver.dueNow() > options.threads() * 4L && !stopRequested) {
                Thread.sleep(5);
            }
            Instant t = times.get(i);
            driver.submit(generator.next(random, local(t, offset)), t, random.split(), true);
            int pct = (i + 1) * 10 / n;
            if (pct > reported) {
                reported = pct;
                out.printf("[simulate] backfill %d%% (%d cases)%n", pct * 10, i + 1);
            }
        }
        // Let the history catch up with now before the live stream starts; later steps wait their turn.
        while (driver.dueNow() > 0 && !stopRequested) {
            Thread.sleep(50);
        }
        out.printf("[simulate] backfill done: %d cases, by status %s%n", stats.createdTotal(), stats.byStatus());
    }

    private void live(CaseStreamGenerator generator, WorkflowDriver driver, SplittableRandom random, Duration offset,
                      PatrolSimulator patrol) throws InterruptedException {
        Instant start = clock.instant();
        Instant nextFix = start;
        Instant end = options.duration() == null ? null : start.plus(options.duration());
        double meanGapMillis = 60_000 / options.ratePerMinute();
        Instant next = start;
        Instant progress = start.plus(PROGRESS_EVERY);
        while (!stopRequested) {
            Instant now = clock.instant();
            if (end != null && !now.isBefore(end)) {
                break;
            }
            if (patrol != null && !now.isBefore(nextFix)) {
                // Working hours are those of the pretended local time (--start), fixes carry the real time.
                patrol.tick(now.plus(offset), now);
                nextFix = nextFix.plusSeconds(PatrolSimulator.FIX_SECONDS);
                continue;
            }
            if (!now.isBefore(next)) {
                driver.submit(generator.next(random, local(now, offset)), now, random.split(), false);
                next = next.plusMillis(Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis));
                continue;
            }
            if (!now.isBefore(progress)) {
                out.printf("[simulate] %s created %d, steps %d, errors %d, by status %s%n", local(now, offset).withNano(0),
                        stats.createdTotal(), stats.actions().values().stream().mapToLong(Long::longValue).sum(), stats.errors(), stats.byStatus());
                progress = progress.plus(PROGRESS_EVERY);
            }
            long sleep = Math.min(200, Duration.between(now, next).toMillis());
            if (end != null) {
                sleep = Math.min(sleep, Duration.between(now, end).toMillis());
            }
            Thread.sleep(Math.max(1, sleep));
        }
    }

    private static LocalDateTime local(Instant t, Duration offset) {
        return LocalDateTime.ofInstant(t, ZONE).plus(offset);
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args, System.nanoTime() ^ System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            boolean help = "help".equals(e.getMessage());
            (help ? System.out : System.err).println((help ? "" : e.getMessage() + "\n\n") + SimulatorOptions.USAGE);
            System.exit(help ? 0 : 2);
            return;
        }
        SimClient client = new SimClient(options.url(), options.password(), JsonMapper.createDefault());
        Simulator simulator = new Simulator(options, client, Clock.systemUTC(), System.out);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.requestStop();
            try {
                // Let run() stop its driver and print the summary before the JVM goes.
                done.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sim-stop"));
        int exit = 0;
        try {
            simulator.run();
        } catch (NoServer e) {
            System.err.println(e.getMessage());
            exit = 2;
        } catch (RuntimeException e) {
            System.err.println("[simulate] failed: " + e.getMessage());
            exit = 1;
        } finally {
            System.out.flush();
            done.countDown();
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
