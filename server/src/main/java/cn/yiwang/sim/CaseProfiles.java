package cn.yiwang.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the simulator's case profiles ({@code sim/case-profiles.txt} on the classpath; the format
 * is described in the file's header). Every problem names its line.
 */
public final class CaseProfiles {

    public static final String RESOURCE = "/sim/case-profiles.txt";

    private CaseProfiles() {
    }

    /** The bundled profiles. */
    public static List<CaseProfile> bundled() {
        try (InputStream in = CaseProfiles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the line of the first malformed entry, an unknown tag or channel, or a repeated code
     */
    public static List<CaseProfile> read(Reader reader) throws IOException {
        List<CaseProfile> out = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("line " + n + ": 7 fields separated by '|' expected, found " + f.length);
            }
            try {
                String code = f[0].trim();
                if (!codes.add(code)) {
                    throw new IllegalArgumentException("code " + code + " appears twice");
                }
                boolean atBuilding = switch (f[2].trim()) {
                    case "b" -> true;
                    case "s" -> false;
                    default -> throw new IllegalArgumentException("place must be 'b' or 's', not '" + f[2].trim() + "'");
                };
                Set<String> tags = new LinkedHashSet<>(list(f[3], ","));
                for (String t : tags) {
                    if (!CaseSeasonality.TAGS.contains(t)) {
                        throw new IllegalArgumentException("unknown tag '" + t + "'; tags: " + CaseSeasonality.TAGS);
                    }
                }
                Map<Channel, Double> factors = new EnumMap<>(Channel.class);
                for (String cf : list(f[4], ",")) {
                    String[] kv = cf.split(":");
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("channel factor must be channel:number, not '" + cf + "'");
                    }
                    factors.put(Channel.fromKey(kv[0].trim()), Double.parseDouble(kv[1].trim()));
                }
                out.add(new CaseProfile(code, Double.parseDouble(f[1].trim()), atBuilding, tags, factors, list(f[5], "；"), list(f[6], "；")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> list(String field, String separator) {
        List<String> out = new ArrayList<>();
        for (String s : field.split(separator)) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
