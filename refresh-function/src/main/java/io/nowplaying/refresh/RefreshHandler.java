package io.nowplaying.refresh;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.Deadline;
import io.nowplaying.core.runtime.SnapStartPriming;
import io.nowplaying.core.runtime.SpotifyServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The token lifecycle: the EventBridge schedule keeps one shared access token fresh in the token
 * store ({@link ScheduledRefresh}), and the seed tutorial's refresh call is answered without
 * touching the store.
 */
public final class RefreshHandler implements RequestStreamHandler {
    private final LambdaHttp http;
    private final ScheduledRefresh schedule;
    private final SnapStartPriming priming;

    public RefreshHandler() {
        this(SpotifyServices.fromEnvironment());
    }

    public RefreshHandler(SpotifyServices services) {
        Config config = services.config();
        RefreshRoute route = new RefreshRoute(services.accounts(), services.clock());
        this.http = LambdaHttp.serving(Route.LambdaFunction.REFRESH, Map.of(Route.REFRESH, route::refresh));
        this.schedule = new ScheduledRefresh(
                services.refresher(), services.tokenStore(), services.clock(), ScheduledRefresh.Settings.from(config));
        this.priming = SnapStartPriming.registerFunction(services, http, config.get(Setting.TOKEN_URL));
    }

    /** SnapStart priming; see {@link SnapStartPriming}. */
    public SnapStartPriming priming() {
        return priming;
    }

    /**
     * An HTTP API event is answered; a scheduled event refreshes the stored token and writes a small
     * result (never a token). A failed scheduled refresh throws, so the invocation fails and is retried.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = LambdaHttp.readEvent(input);
        if (LambdaHttp.isHttpEvent(event)) {
            http.serve(event, output, context);
            return;
        }
        if (isScheduledEvent(event)) {
            output.write(Json.write(Deadline.within(Deadline.budget(context), schedule::run))
                    .getBytes(StandardCharsets.UTF_8));
            output.flush();
            return;
        }
        Log.error("refresh.unsupported_event", "source", Json.text(event, "source"));
        throw new IllegalArgumentException("Unsupported event: expected an API Gateway HTTP API (payload 2.0) "
                + "event or an EventBridge scheduled event");
    }

    /** An EventBridge rule's schedule event: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html */
    static boolean isScheduledEvent(JsonNode event) {
        return "aws.events".equals(Json.text(event, "source"))
                && "Scheduled Event".equals(Json.text(event, "detail-type"));
    }
}
