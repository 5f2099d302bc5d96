package cn.yiwang.basemap;

import java.nio.file.Path;
import java.util.Optional;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;

/**
 * The operator's MBTiles base map ({@code yiwang.basemap.mbtiles-file}), opened when the server
 * starts so that a wrong path stops the start with a message naming the file instead of failing at
 * the first tile.
 */
@Context
public class LocalBasemap implements AutoCloseable {

    private final MbTilesReader reader;

    public LocalBasemap(BasemapConfiguration config) {
        this.reader = config.hasMbtiles() ? MbTilesReader.open(Path.of(config.mbtilesFile().trim())) : null;
    }

    /** The reader, when a file is configured. */
    public Optional<MbTilesReader> reader() {
        return Optional.ofNullable(reader);
    }

    @Override
    @PreDestroy
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
