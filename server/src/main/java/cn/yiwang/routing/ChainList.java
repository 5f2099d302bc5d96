package cn.yiwang.routing;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import cn.yiwang.grid.GridSummary;

/**
 * A grid chain (micro → … → district) that carries its own JSON, rendered once per snapshot, so
 * {@link RouteJsonWriter} copies bytes instead of serialising five summaries per point. Immutable.
 */
final class ChainList extends AbstractList<GridSummary> implements RandomAccess {

    private final List<GridSummary> items;
    private final byte[] json;
    /** Where the first summary's JSON ends in {@link #json} (it starts at 1, after the '['). */
    private final int firstEnd;
    /** The codes only, {@code ["micro", "l3", …]}, for the compact answer. */
    private final byte[] codesJson;

    ChainList(List<GridSummary> items) {
        this.items = List.copyOf(items);
        RouteJsonWriter.Rendered r = RouteJsonWriter.render(this.items);
        this.json = r.json();
        this.firstEnd = r.firstEnd();
        this.codesJson = RouteJsonWriter.renderCodes(this.items);
    }

    @Override
    public GridSummary get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    byte[] json() {
        return json;
    }

    int firstEnd() {
        return firstEnd;
    }

    byte[] codesJson() {
        return codesJson;
    }
}
