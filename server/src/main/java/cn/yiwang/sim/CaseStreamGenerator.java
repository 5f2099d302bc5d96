package cn.yiwang.sim;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Generates plausible cases: a channel by {@link Channel#share()}, then a sub-category with
 * probability proportional to its base weight × {@link CaseSeasonality} at the draft's local time
 * × how likely that channel reports it, then a place from the {@link LocationSampler}, texts from
 * the profile, and for citizen channels a made-up reporter.
 *
 * <p>Deterministic: the same profiles, sampler, random seed and times give the same drafts.
 * Immutable and thread-safe when each caller passes its own random.
 */
public final class CaseStreamGenerator {

    /** Share of drafts reported as more urgent than their category's default. */
    static final double URGENT_SHARE = 0.05;
    private static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕";

    private final List<CaseProfile> profiles;
    private final LocationSampler sampler;
    private final Map<Channel, Boolean> possible = new EnumMap<>(Channel.class);

    /**
     * @param profiles    the case profiles
     * @param activeCodes sub-category codes the server accepts; profiles of other codes are left out
     * @param sampler     where cases happen
     * @throws IllegalArgumentException when no profile remains
     */
    public CaseStreamGenerator(List<CaseProfile> profiles, Set<String> activeCodes, LocationSampler sampler) {
        this.profiles = profiles.stream().filter(p -> activeCodes.contains(p.code())).toList();
        if (this.profiles.isEmpty()) {
            throw new IllegalArgumentException("none of the simulator's categories is active on the server");
        }
        this.sampler = sampler;
        for (Channel c : Channel.values()) {
            possible.put(c, this.profiles.stream().anyMatch(p -> p.channelFactor(c) > 0));
        }
    }

    public List<CaseProfile> profiles() {
        return profiles;
    }

    /** The next draft, reported at local time {@code at}. */
    public CaseDraft next(RandomGenerator random, LocalDateTime at) {
        Channel channel = channel(random);
        CaseProfile profile = category(random, channel, at);
        LocationSampler.Place place = sampler.sample(random, profile.atBuilding());
        String title = profile.titles().get(random.nextInt(profile.titles().size())).replace("{w}", place.shortName());
        String detail = profile.details().get(random.nextInt(profile.details().size()));
        String description = lead(channel) + detail + "。地点：" + place.address() + "。" + CaseDraft.SIMULATED_MARK;
        double accuracy = channel.minAccuracyMeters() + random.nextDouble() * (channel.maxAccuracyMeters() - channel.minAccuracyMeters());
        String urgency = random.nextDouble() < URGENT_SHARE ? "urgent" : null;
        String name = null;
        String phone = null;
        if (channel.hasReporter()) {
            char surname = SURNAMES.charAt(random.nextInt(SURNAMES.length()));
            name = surname + (channel == Channel.DEPUTY ? "代表" : random.nextBoolean() ? "先生" : "女士") + "（模拟）";
            // No Chinese number starts with 000 (0 is the trunk prefix, 00 the international one): clearly fictional.
            phone = String.format("000 %04d %04d", random.nextInt(10_000), random.nextInt(10_000));
        }
        return new CaseDraft(at, channel, profile.code(), title, description, urgency, place, Math.round(accuracy * 10) / 10.0, name, phone);
    }

    /** A channel by share, among those that can report at least one active category. */
    public Channel channel(RandomGenerator random) {
        double total = 0;
        for (Channel c : Channel.values()) {
            total += possible.get(c) ? c.share() : 0;
        }
        double x = random.nextDouble() * total;
        Channel last = Channel.PATROL;
        for (Channel c : Channel.values()) {
            if (!possible.get(c)) {
                continue;
            }
            last = c;
            x -= c.share();
            if (x < 0) {
                return c;
            }
        }
        return last;
    }

    /** A sub-category for {@code channel} at local time {@code at}. */
    public CaseProfile category(RandomGenerator random, Channel channel, LocalDateTime at) {
        List<CaseProfile> candidates = new ArrayList<>(profiles.size());
        double[] cumulative = new double[profiles.size()];
        double total = 0;
        for (CaseProfile p : profiles) {
            double w = p.baseWeight() * CaseSeasonality.multiplier(p.tags(), at) * p.channelFactor(channel);
            if (w > 0) {
                total += w;
                cumulative[candidates.size()] = total;
                candidates.add(p);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no active category can come through channel " + channel.key());
        }
        double[] cum = java.util.Arrays.copyOf(cumulative, candidates.size());
        return candidates.get(LocationSampler.pick(cum, random.nextDouble() * total));
    }

    /** Weight of one category for a channel at a time, relative to the others (for tests and reports). */
    public static double weight(CaseProfile p, Channel channel, LocalDateTime at) {
        return p.baseWeight() * CaseSeasonality.multiplier(p.tags(), at) * p.channelFactor(channel);
    }

    private static String lead(Channel channel) {
        return switch (channel) {
            case PATROL -> "网格员巡查发现：";
            case HOTLINE_12345 -> "市民通过12345热线反映：";
            case CITIZEN_APP -> "市民随手拍反映：";
            case POLICE_110 -> "110非警务警情转办：";
            case VIDEO_AI -> "视频AI识别告警：";
            case IOT -> "物联网感知设备告警：";
            case DEPUTY -> "人大代表建议：";
        };
    }
}
