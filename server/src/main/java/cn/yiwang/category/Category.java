package cn.yiwang.category;

import java.util.List;
import java.util.Map;

import cn.yiwang.calendar.Deadline;

/**
 * A sub-category (小类) with its line of the responsibility list (权责清单). Its code is the Open311
 * {@code service_code}; its top category's name is the Open311 {@code group}.
 *
 * @param code             {@value #CODE_PATTERN}: the top code, '-', two or three digits (SRHJ-01)
 * @param topCode          the top category
 * @param deadline         handling deadline, counted from dispatch
 * @param selfHandle       whether a grid worker may close it on the spot (自处置) without dispatch
 * @param urgency          default urgency of new cases
 * @param locationRequired whether a report must carry a location (a prepaid-card refund need not)
 * @param departments      the handling department's code for each dispatch level (both present)
 * @param keywords         search terms, Chinese first, one English term
 * @param replies          its own canned replies; states it lacks fall back to the top category's
 *                         (see {@link Taxonomy#replies(String)})
 * @param active           inactive categories are kept for old cases but not offered for new ones
 * @param sortOrder        position within its top category
 */
public record Category(String code, String topCode, String nameZh, String description, Deadline deadline,
                       boolean selfHandle, Urgency urgency, boolean locationRequired,
                       Map<DispatchLevel, String> departments, List<String> keywords, Map<ReplyState, String> replies,
                       boolean active, int sortOrder, Revision revision) {

    public static final String CODE_PATTERN = "^[A-Z]{2,8}-[0-9]{2,3}$";

    public Category {
        departments = Map.copyOf(departments);
        keywords = List.copyOf(keywords);
        replies = Map.copyOf(replies);
    }

    public String departmentCode(DispatchLevel level) {
        return departments.get(level);
    }

    public Category withRevision(Revision r) {
        return new Category(code, topCode, nameZh, description, deadline, selfHandle, urgency, locationRequired, departments,
                keywords, replies, active, sortOrder, r);
    }
}
