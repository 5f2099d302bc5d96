package cn.yiwang.category;

import java.util.Map;

/**
 * A top category (大类), the Open311 {@code group}. Its replies are the defaults of its
 * sub-categories.
 *
 * @param code      2–8 capital letters, {@value #CODE_PATTERN} (pinyin initials: SRHJ = 市容环境)
 * @param sortOrder position in listings
 */
public record TopCategory(String code, String nameZh, String description, Map<ReplyState, String> replies, int sortOrder,
                          Revision revision) {

    public static final String CODE_PATTERN = "^[A-Z]{2,8}$";

    public TopCategory {
        replies = Map.copyOf(replies);
    }

    public TopCategory withRevision(Revision r) {
        return new TopCategory(code, nameZh, description, replies, sortOrder, r);
    }
}
