package cn.yiwang.planner;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import cn.yiwang.planner.exchange.ImportLimits;

/**
 * {@code yiwang.planner.exchange}: import and export of grid boundaries.
 *
 * @param maxImportBytes          largest uploaded file (also bounded by {@code micronaut.server.max-request-size}, 64 MB)
 * @param maxImportFeatures       most grids one import may bring (a whole district's micro grids)
 * @param maxVerticesPerGrid      most vertices of one imported grid (the draft API's limit)
 * @param maxImportVertices       most vertices of one imported file
 * @param maxZipEntries           most entries of a zipped Shapefile
 * @param maxZipUncompressedBytes most bytes a zipped Shapefile may inflate to (zip bombs are refused while inflating)
 * @param maxExportFeatures       most grids one export may write
 */
@ConfigurationProperties("yiwang.planner.exchange")
public record GridExchangeConfiguration(
        @Bindable(defaultValue = "67108864") int maxImportBytes,
        @Bindable(defaultValue = "60000") int maxImportFeatures,
        @Bindable(defaultValue = "20000") int maxVerticesPerGrid,
        @Bindable(defaultValue = "3000000") int maxImportVertices,
        @Bindable(defaultValue = "16") int maxZipEntries,
        @Bindable(defaultValue = "134217728") long maxZipUncompressedBytes,
        @Bindable(defaultValue = "100000") int maxExportFeatures) {

    ImportLimits limits() {
        return new ImportLimits(maxImportFeatures, maxVerticesPerGrid, maxImportVertices, maxZipEntries, maxZipUncompressedBytes);
    }
}
