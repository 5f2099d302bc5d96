package cn.yiwang.live;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.reactivestreams.Publisher;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /api/live}: the live event stream (Server-Sent Events). Query: {@code topics}
 * (comma list of {@link LiveTopic} keys, default all), {@code scope} (a grid code inside the
 * caller's scope, default the caller's), {@code access_token} (for EventSource). Header
 * {@code Last-Event-ID} (or query {@code lastEventId}) replays what was missed. The first event is
 * {@code ready} or, when the stream cannot continue where the client left off, {@code resync}
 * (with the reason), both of topic {@code control}.
 */
@Controller("/api/live")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class LiveController {

    private final LiveHub hub;
    private final LiveEventLog log;
    private final LiveConfiguration config;

    public LiveController(LiveHub hub, LiveEventLog log, LiveConfiguration config) {
        this.hub = hub;
        this.log = log;
        this.config = config;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Publisher<Event<String>>> stream(@Nullable @QueryValue String topics, @Nullable @QueryValue String scope,
                                                         @Nullable @QueryValue String lastEventId,
                                                         @Nullable @Header("Last-Event-ID") String lastEventIdHeader,
                                                         Authentication auth) {
        Caller caller = Caller.of(auth);
        Set<LiveTopic> wanted = topics(topics);
        String effectiveScope = scope(scope, caller);
        String resume = lastEventIdHeader != null ? lastEventIdHeader : lastEventId;

        LiveFilter filter = new LiveFilter(caller, effectiveScope, wanted);
        LiveStream stream = hub.open(filter);
        String topicList = wanted.stream().map(LiveTopic::key).sorted().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        String common = "\"scope\":\"" + effectiveScope + "\",\"topics\":[" + topicList + "],\"heartbeatSeconds\":" + config.heartbeatSeconds()
                + ",\"instance\":\"" + log.origin() + "\"";
        try {
            Long from = parseId(resume);
            String resync = null;
            if (resume != null && from == null) {
                resync = "malformed_last_event_id";
            } else if (from != null) {
                long latest = log.latestId();
                OptionalLong oldest = log.oldestId();
                if (from > latest) {
                    resync = "unknown_last_event_id";
                } else if (oldest.isPresent() && from < oldest.getAsLong() - 1) {
                    resync = "expired";
                } else if (log.countAfter(from, config.maxReplayEvents()) > config.maxReplayEvents()) {
                    resync = "too_many_missed";
                }
            }
            if (from != null && resync == null) {
                List<LiveEvent> replay = new ArrayList<>();
                for (LiveEvent e : log.after(from, config.maxReplayEvents())) {
                    if (filter.accepts(e, hub::recipients)) {
                        replay.add(e);
                    }
                }
                stream.start(LiveStream.control("ready", "{\"replayed\":" + replay.size() + ",\"lastEventId\":" + from + "," + common + "}", null),
                        from, replay, LiveHub::toSse);
            } else {
                long now = log.latestId();
                String data = resync == null
                        ? "{\"replayed\":0,\"lastEventId\":" + now + "," + common + "}"
                        : "{\"reason\":\"" + resync + "\",\"detail\":\"" + detail(resync) + "\",\"lastEventId\":" + now + "," + common + "}";
                stream.start(LiveStream.control(resync == null ? "ready" : "resync", data, now), now, List.of(), LiveHub::toSse);
            }
        } catch (RuntimeException e) {
            stream.cancel();
            throw e;
        }
        return HttpResponse.ok((Publisher<Event<String>>) stream)
                .header("Cache-Control", "no-cache, no-store")
                .header("X-Accel-Buffering", "no")
                .contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
    }

    private static String detail(String reason) {
        return switch (reason) {
            case "malformed_last_event_id" -> "Last-Event-ID 格式错误，从当前开始推送，请重新加载数据";
            case "unknown_last_event_id" -> "Last-Event-ID 未知，从当前开始推送，请重新加载数据";
            case "expired" -> "断线时间过长，部分事件已过期，请重新加载数据";
            default -> "错过的事件过多，请重新加载数据";
        };
    }

    @Nullable
    private static Long parseId(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.trim();
        if (!t.matches("^[0-9]{1,18}$")) {
            return null;
        }
        return Long.parseLong(t);
    }

    private static Set<LiveTopic> topics(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return LiveTopic.all();
        }
        Set<LiveTopic> set = EnumSet.noneOf(LiveTopic.class);
        for (String part : raw.split(",")) {
            try {
                set.add(LiveTopic.fromKey(part.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("topics", "unknown topic '" + Params.clip(part.trim()) + "'; topics: "
                        + EnumSet.allOf(LiveTopic.class).stream().map(LiveTopic::key).toList());
            }
        }
        return set;
    }

    private static String scope(@Nullable String raw, Caller caller) {
        if (raw == null || raw.isBlank()) {
            return caller.scope();
        }
        if (!raw.matches("^[0-9]{2,32}$")) {
            throw ApiException.badParameter("scope", "'" + Params.clip(raw) + "' is not a grid code");
        }
        if (!caller.covers(raw)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden-scope",
                    "Scope '" + raw + "' is outside your scope '" + caller.scope() + "'.",
                    List.of(new cn.yiwang.api.Problem.InvalidParam("scope", null, "outside your scope " + caller.scope())));
        }
        return raw;
    }
}
