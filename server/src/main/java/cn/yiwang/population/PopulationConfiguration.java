package cn.yiwang.population;

import java.util.List;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.population}: the population base.
 *
 * @param key            the master key of personal fields, 32 bytes in base64 (env {@code YIWANG_POPULATION_KEY});
 *                       empty: a random key generated once into {@code keyFile}
 * @param keyFile        where the generated key is kept (mode 600)
 * @param readRoles      roles that may search people (names, phone and ID masked)
 * @param unmaskRoles    roles that may see a resident in their scope unmasked (every view audited)
 * @param exportRoles    roles that may export residents' personal data as CSV (watermarked, audited)
 * @param statusRoles    roles that may set campaign statuses in their scope
 * @param demoScope      the grid whose households get generated residents in the demo (a street: 淮河路街道)
 * @param minHouseholds  a micro grid with fewer households is under the standard (DOMAIN: 50–70)
 * @param maxHouseholds  a micro grid with more households is over the standard
 * @param maxSearchLimit most residents one search returns
 * @param maxImportBytes largest CSV import body
 * @param maxImportRows  most rows of one CSV import
 */
@ConfigurationProperties("yiwang.population")
public record PopulationConfiguration(
        @Nullable String key,
        @Bindable(defaultValue = "var/population-key") String keyFile,
        @Bindable(defaultValue = "admin,ops,dispatcher,grid_worker,analyst") List<String> readRoles,
        @Bindable(defaultValue = "admin,ops,dispatcher,grid_worker") List<String> unmaskRoles,
        @Bindable(defaultValue = "admin,ops") List<String> exportRoles,
        @Bindable(defaultValue = "admin,ops,grid_worker") List<String> statusRoles,
        @Bindable(defaultValue = "410103001") String demoScope,
        @Bindable(defaultValue = "50") int minHouseholds,
        @Bindable(defaultValue = "70") int maxHouseholds,
        @Bindable(defaultValue = "200") int maxSearchLimit,
        @Bindable(defaultValue = "10485760") int maxImportBytes,
        @Bindable(defaultValue = "50000") int maxImportRows) {
}
