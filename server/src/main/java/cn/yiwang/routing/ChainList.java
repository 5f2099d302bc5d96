package cn.yiwang.routing;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import cn.yiwang.grid.GridSummary;

/**
 * A grid chain (micro → … → district) that carries its own JSON, rendered once per snapshot, so
 * {@link RouteJsonWriter} copies bytes instead of serialising five summaries per point. Immutable,
 * but for the one answer it may remember ({@link MemoizingChain}).
 */
final class ChainList extends AbstractList<GridSummary> implements RandomAccess, MemoizingChain {

    private final List<GridSummary> items;
    /** The micro grid and its code, kept here so that routing and rendering read them without a hop. */
    private final GridSummary first;
    private final String microCode;
    private final byte[] json;
    /** Where the first summary's JSON ends in {@link #json} (it starts at 1, after the '['). */
    private final int firstEnd;
    /** The codes only, {@code ["micro", "l3", …]}, for the compact answer. */
    private final byte[] codesJson;
    /** See {@link #firstCodeEnd()}. */
    private final int firstCodeEnd;
    /** What {@link #remember} was last given: key and value. */
    private volatile Memo memo;

    private record Memo(Object key, Object value) {
    }

    ChainList(List<GridSummary> items) {
        this.items = List.copyOf(items);
        this.first = this.items.isEmpty() ? null : this.items.get(0);
        this.microCode = first == null ? null : first.code();
        RouteJsonWriter.Rendered r = RouteJsonWriter.render(this.items);
        this.json = r.json();
        this.firstEnd = r.firstEnd();
        this.codesJson = RouteJsonWriter.renderCodes(this.items);
        this.firstCodeEnd = this.items.isEmpty() ? 0 : endOfFirstString(codesJson);
    }

    @Override
    public GridSummary get(int index) {
        return index == 0 && first != null ? first : items.get(index);
    }

    /** The code of the micro grid that heads the chain (null for an empty chain), the same String each time. */
    String microCode() {
        return microCode;
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Object remembered(Object key) {
        Memo m = memo;
        return m != null && m.key() == key ? m.value() : null;
    }

    @Override
    public void remember(Object key, Object value) {
        memo = new Memo(key, value);
    }

    byte[] json() {
        return json;
    }

    int firstEnd() {
        return firstEnd;
    }

    /** The index after the closing quote of the JSON string that starts at index 1 (after '['). */
    private static int endOfFirstString(byte[] json) {
        for (int i = 2; i < json.length; i++) {
            if (json[i] == '\\') {
                i++; // an escaped character
            } else if (json[i] == '"') {
                return i + 1;
            }
        }
        throw new IllegalStateException("unterminated string in " + new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }

    byte[] codesJson() {
        return codesJson;
    }

    /** Where the first quoted code in {@link #codesJson} ends (after its closing quote); it starts at 1. */
    int firstCodeEnd() {
        return firstCodeEnd;
    }
}
