package cn.yiwang.screen;

import java.util.List;
import java.util.Map;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.api.Problem;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/**
 * The grid a big-screen read is about: the caller's own scope by default, or a grid code inside it
 * (400 when it is not a grid code, 403 when it lies outside). {@code level} is the grid's level and
 * {@code childColumn} the {@code case_record} column holding the codes one level further down (what
 * the ranking groups by), {@code null} for a micro grid.
 */
record ScreenScope(String code, String level, @Nullable String childColumn) {

    /** Level → the case column of the level below it. */
    static final Map<String, String> CHILD_COLUMN = Map.of("city", "district_code", "district", "l1_code", "l1", "l2_code",
            "l2", "l3_code", "l3", "grid_code");

    /** Validates the requested scope against the caller's; the level is looked up afterwards. */
    static String requested(@Nullable String raw, Caller caller) {
        if (raw == null || raw.isBlank()) {
            return caller.scope();
        }
        if (!raw.matches("^[0-9]{2,32}$")) {
            throw ApiException.badParameter("scope", "'" + Params.clip(raw) + "' is not a grid code");
        }
        if (!caller.covers(raw)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden-scope",
                    "Scope '" + raw + "' is outside your scope '" + caller.scope() + "'.",
                    List.of(new Problem.InvalidParam("scope", null, "outside your scope " + caller.scope())));
        }
        return raw;
    }

    static ScreenScope of(String code, String level) {
        return new ScreenScope(code, level, CHILD_COLUMN.get(level));
    }

    /** The LIKE pattern of the codes inside this scope. */
    String like() {
        return code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
