package cn.yiwang.cases;

import java.util.List;
import java.util.Map;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code yiwang.cases}: intake and workflow settings.
 *
 * @param codePrefixes          district code → case code prefix ({@code 410103: EQ} gives {@code EQ-20261122-000123});
 *                              other districts use {@code defaultCodePrefix}
 * @param defaultCodePrefix     prefix for districts without their own
 * @param codeBlockSize         case numbers reserved per database round trip ({@link CaseCodeAllocator}); the unused rest
 *                              of a block is skipped when the server stops, so codes have gaps of up to this size
 * @param zoneId                time zone of case-code days and of the working calendar
 * @param serviceAreaMeters     a location farther than this from every grid is outside the platform's territory (422);
 *                              nearer but beyond the grids' snap distance goes to the ops center's unassigned queue
 * @param duplicateMeters       a new case of the same sub-category this close to an open one …
 * @param duplicateHours        … reported within this many hours is proposed as its duplicate
 * @param falseClosureDays      a new case this close to one closed within this many days flags that closure for review
 * @param autoRegisterSources   channels whose reports are accepted and registered without a dispatcher
 *                              (a grid worker's patrol report was already checked on the spot)
 * @param autoDispatch          dispatch auto-registered cases to the suggested handler at once when routing is unambiguous
 * @param maxPhotos             photos per case
 * @param maxDescriptionChars   longest description accepted
 * @param overdueScanSeconds    how often overdue cases are looked for
 * @param secondSupervisionHours overdue by this many hours raises supervision (督办) to the next level
 */
@ConfigurationProperties("yiwang.cases")
public record CasesConfiguration(
        @Bindable(defaultValue = "") Map<String, String> codePrefixes,
        @Bindable(defaultValue = "YW") String defaultCodePrefix,
        @Bindable(defaultValue = "50") int codeBlockSize,
        @Bindable(defaultValue = "Asia/Shanghai") String zoneId,
        @Bindable(defaultValue = "5000") double serviceAreaMeters,
        @Bindable(defaultValue = "50") double duplicateMeters,
        @Bindable(defaultValue = "24") int duplicateHours,
        @Bindable(defaultValue = "30") int falseClosureDays,
        @Bindable(defaultValue = "patrol") List<String> autoRegisterSources,
        @Bindable(defaultValue = "true") boolean autoDispatch,
        @Bindable(defaultValue = "9") int maxPhotos,
        @Bindable(defaultValue = "2000") int maxDescriptionChars,
        @Bindable(defaultValue = "60") int overdueScanSeconds,
        @Bindable(defaultValue = "24") int secondSupervisionHours) {

    public String prefixFor(String districtCode) {
        if (districtCode != null && codePrefixes != null && codePrefixes.containsKey(districtCode)) {
            return codePrefixes.get(districtCode);
        }
        return defaultCodePrefix;
    }
}
