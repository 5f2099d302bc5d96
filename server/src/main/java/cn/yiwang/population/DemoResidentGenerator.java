package cn.yiwang.population;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Invents residents for the demo, deterministically from a seed and the household id. <b>Every
 * person is fake</b>: names are drawn from a fixed pool of common surnames and given names, phone
 * numbers start with {@value #TEST_PHONE_PREFIX} (not a mobile prefix: Chinese mobiles start 13–19),
 * ID numbers lie in the non-existent region {@link IdNumbers#TEST_REGION} with a valid check digit.
 * Pure and thread-safe.
 */
public final class DemoResidentGenerator {

    public static final String TEST_PHONE_PREFIX = "100";

    private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
            .codePoints().mapToObj(Character::toString).toArray(String[]::new);
    private static final String[] GIVEN = ("伟,芳,娜,秀英,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀兰,霞,平,刚,桂英,华,建华,建国,淑珍,玉兰,"
            + "志强,海燕,红梅,晓东,子涵,浩然,欣怡,宇轩,梓萱,一诺,思远,雨桐,文博,嘉怡,俊杰,婷婷,国庆,卫东,春梅,桂兰,振华,凤英").split(",");

    /** A generated resident (clear text: the caller encrypts). */
    public record Person(String name, String gender, int birthYear, String phone, String idNumber, List<String> tags) {
    }

    /** A tag code with the share of residents that get it. */
    public record TagShare(String code, double share) {
    }

    private DemoResidentGenerator() {
    }

    /** How many people live in household {@code householdId}: 1–4, mostly 2–3. */
    public static int size(long seed, long householdId) {
        int r = new SplittableRandom(seed ^ (householdId * 0x9E3779B97F4A7C15L)).nextInt(100);
        return r < 15 ? 1 : r < 50 ? 2 : r < 85 ? 3 : 4;
    }

    /** Person {@code index} of the stream {@code key} (a household id, or any distinct number). */
    public static Person person(long seed, long key, int index, List<TagShare> tags) {
        SplittableRandom r = new SplittableRandom(seed ^ (key * 0x9E3779B97F4A7C15L) ^ ((long) index << 48));
        String surname = SURNAMES[r.nextInt(SURNAMES.length)];
        String name = surname + GIVEN[r.nextInt(GIVEN.length)];
        boolean male = r.nextBoolean();
        LocalDate birth = LocalDate.of(1935 + r.nextInt(85), 1 + r.nextInt(12), 1 + r.nextInt(28));
        int sequence = r.nextInt(500) * 2 + (male ? 1 : 0);
        String phone = TEST_PHONE_PREFIX + String.format("%08d", r.nextInt(100_000_000));
        List<String> chosen = new ArrayList<>();
        for (TagShare t : tags) {
            if (r.nextDouble() < t.share()) {
                chosen.add(t.code());
            }
        }
        return new Person(name, male ? "M" : "F", birth.getYear(), phone, IdNumbers.test(birth, sequence), chosen);
    }
}
