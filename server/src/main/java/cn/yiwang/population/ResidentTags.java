package cn.yiwang.population;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** The resident tags of {@code data/population/tags.json} (classpath {@code population/tags.json}). Immutable. */
@Singleton
public class ResidentTags {

    /** One tag: the code the API and CSV use, its Chinese label, the share of generated residents given it. */
    @Serdeable
    public record Tag(String code, String label, double demoShare) {
    }

    @Serdeable
    record File(String comment, List<Tag> tags) {
    }

    private final Map<String, Tag> byCode = new LinkedHashMap<>();

    public ResidentTags(JsonMapper json) {
        try (InputStream in = ResidentTags.class.getClassLoader().getResourceAsStream("population/tags.json")) {
            if (in == null) {
                throw new IllegalStateException("population/tags.json is missing from the classpath");
            }
            json.readValue(in.readAllBytes(), File.class).tags().forEach(t -> byCode.put(t.code(), t));
        } catch (IOException e) {
            throw new UncheckedIOException("reading population/tags.json", e);
        }
    }

    public List<Tag> all() {
        return List.copyOf(byCode.values());
    }

    public boolean known(String code) {
        return byCode.containsKey(code);
    }
}
