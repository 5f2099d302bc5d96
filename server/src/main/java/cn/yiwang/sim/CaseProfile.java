package cn.yiwang.sim;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one sub-category shows up in the simulation: its base frequency, where it happens, the
 * seasonal tags that raise or lower it ({@link CaseSeasonality}), how likely each channel is to
 * report it, and title and detail texts. Immutable.
 *
 * @param code        sub-category code ({@code JMZX-01})
 * @param baseWeight  relative frequency before seasonality and channel factors, &gt; 0
 * @param atBuilding  true: the case happens at a building (address = compound and building);
 *                    false: somewhere on the street in the micro grid
 * @param tags        seasonal tags
 * @param channelFactors factor per channel (absent: {@link Channel#defaultFactor()})
 * @param titles      title templates; {@code {w}} is replaced by the place
 * @param details     description texts
 */
public record CaseProfile(String code, double baseWeight, boolean atBuilding, Set<String> tags, Map<Channel, Double> channelFactors,
                          List<String> titles, List<String> details) {

    public CaseProfile {
        if (!(baseWeight > 0)) {
            throw new IllegalArgumentException(code + ": base weight must be > 0, not " + baseWeight);
        }
        if (titles.isEmpty() || details.isEmpty()) {
            throw new IllegalArgumentException(code + ": needs at least one title and one detail");
        }
        tags = Set.copyOf(tags);
        channelFactors = Map.copyOf(channelFactors.isEmpty() ? new EnumMap<>(Channel.class) : channelFactors);
        titles = List.copyOf(titles);
        details = List.copyOf(details);
    }

    /** How likely {@code channel} is to report this category, relative to others (0 = never). */
    public double channelFactor(Channel channel) {
        return channelFactors.getOrDefault(channel, channel.defaultFactor());
    }
}
