package cn.yiwang.sim;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Command-line options of {@code ./yiwang simulate}.
 *
 * @param url            the server (default http://localhost:8080)
 * @param ratePerMinute  new cases per real minute, on average (Poisson arrivals; default 30)
 * @param speed          simulated seconds per real second for workflow delays (default 60: an hour's handling takes a minute)
 * @param duration       how long to run after the backfill; null = until Ctrl-C
 * @param seed           random seed (default: from the clock, printed so a run can be repeated)
 * @param backfillDays   days of history to create first (default 0)
 * @param backfillPerDay cases per simulated day of backfill (default 200)
 * @param start          local time the stream pretends to start at (default: now), e.g. 2026-01-15T19:00 for a winter evening
 * @param threads        concurrent requests at most (default 4)
 * @param password       the demo users' password (default yiwang-demo)
 * @param patrolWorkers  demo grid workers walking their grids during working hours (default 100; 0: none)
 */
public record SimulatorOptions(URI url, double ratePerMinute, double speed, Duration duration, long seed, int backfillDays,
                               int backfillPerDay, LocalDateTime start, int threads, String password, int patrolWorkers) {

    public static final String USAGE = """
            Usage: ./yiwang simulate [options]   (needs a running server: ./yiwang run in another terminal)

              --url URL              server to drive (default http://localhost:8080)
              --rate N               new cases per minute, on average (default 30)
              --speed N              time compression of workflow delays (default 60: one simulated hour per minute)
              --duration D           stop after D (e.g. 90s, 10m, 2h; default: until Ctrl-C)
              --seed N               random seed (default: from the clock; printed at start)
              --backfill-days N      first create N days of history, as fast as the server takes it (default 0)
              --backfill-per-day N   cases per day of backfill (default 200)
              --start T              pretend the stream starts at local time T (e.g. 2026-01-15T19:00)
              --threads N            concurrent requests (default 4)
              --password P           password of the demo users (default yiwang-demo)
              --patrol-workers N     demo grid workers walking their grids 08:30-12:00 and 14:00-17:30, one fix
                                     per 10 s (default 100; 0 turns patrols off); backfilled days are analysed

            The server stamps cases with its own clock: backfilled history is created now (its category,
            channel and outcome mix is that of the last N days; its timestamps are not).
            Ctrl-C stops cleanly and prints a summary (created, by channel, by status).""";

    /** @throws IllegalArgumentException naming the bad option */
    public static SimulatorOptions parse(String[] args, long defaultSeed) {
        URI url = URI.create("http://localhost:8080");
        double rate = 30;
        double speed = 60;
        Duration duration = null;
        long seed = defaultSeed;
        int backfillDays = 0;
        int backfillPerDay = 200;
        LocalDateTime start = null;
        int threads = 4;
        String password = "yiwang-demo";
        int patrolWorkers = 100;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("help");
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + a + "'");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                    case "--rate" -> rate = positive(a, Double.parseDouble(v));
                    case "--speed" -> {
                        speed = Double.parseDouble(v);
                        if (!(speed >= 1)) {
                            throw new IllegalArgumentException("--speed must be at least 1, not " + v);
                        }
                    }
                    case "--duration" -> duration = duration(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--backfill-days" -> backfillDays = nonNegative(a, Integer.parseInt(v));
                    case "--backfill-per-day" -> backfillPerDay = (int) positive(a, Integer.parseInt(v));
                    case "--start" -> start = LocalDateTime.parse(v);
                    case "--threads" -> threads = (int) positive(a, Integer.parseInt(v));
                    case "--password" -> password = v;
                    case "--patrol-workers" -> patrolWorkers = nonNegative(a, Integer.parseInt(v));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("bad value '" + v + "' for " + a);
            }
        }
        return new SimulatorOptions(url, rate, speed, duration, seed, backfillDays, backfillPerDay, start, threads, password, patrolWorkers);
    }

    /** {@code 90s}, {@code 10m}, {@code 2h} or an ISO-8601 duration ({@code PT10M}). */
    static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt")) {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        if (s.length() < 2) {
            throw new NumberFormatException(v);
        }
        double n = Double.parseDouble(s.substring(0, s.length() - 1));
        long millis = switch (s.charAt(s.length() - 1)) {
            case 's' -> Math.round(n * 1000);
            case 'm' -> Math.round(n * 60_000);
            case 'h' -> Math.round(n * 3_600_000);
            default -> throw new NumberFormatException(v);
        };
        if (millis <= 0) {
            throw new IllegalArgumentException("--duration must be positive, not " + v);
        }
        return Duration.ofMillis(millis);
    }

    private static double positive(String name, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name + " must be positive, not " + v);
        }
        return v;
    }

    private static int nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + v);
        }
        return v;
    }
}
