package cn.yiwang.sim;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

import io.micronaut.json.JsonMapper;

/**
 * Writes realistic {@code POST /api/cases} bodies for the intake benchmark ({@code server/bench/cases.sh}),
 * one JSON object a line, from the simulator's generator against a running server's grids, at
 * times spread over the last week. Usage: {@code IntakeBodies URL COUNT FILE [SEED]}.
 */
public final class IntakeBodies {

    private IntakeBodies() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: IntakeBodies URL COUNT FILE [SEED]");
            System.exit(2);
        }
        SimClient client = new SimClient(URI.create(args[0]), "yiwang-demo", JsonMapper.createDefault());
        int count = Integer.parseInt(args[1]);
        SplittableRandom random = new SplittableRandom(args.length > 3 ? Long.parseLong(args[3]) : 1);
        ServerCatalog catalog = ServerCatalog.load(client, "ops");
        CaseStreamGenerator generator = new CaseStreamGenerator(CaseProfiles.bundled(), catalog.categories().keySet(), catalog.sampler());
        LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), Simulator.ZONE);
        try (Writer w = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                LocalDateTime at = now.minus(Duration.ofMinutes(random.nextLong(7 * 24 * 60)));
                w.write(generator.next(random, at).toJson());
                w.write('\n');
            }
        }
    }
}
