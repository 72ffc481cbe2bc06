package io.nowplaying.testing;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.function.Consumer;

/**
 * A WireMock extension that runs test code while a request is being answered, after Spotify's stub
 * has "processed" it and before the client sees the response: the moment another instance's write
 * would race with ours. Register it with {@code wireMockConfig().extensions(hook)}.
 */
public final class BeforeResponseHook implements ServeEventListener {
    private volatile Consumer<String> action = body -> {};

    /** Runs {@code action} with each request's body until {@link #clear()}. */
    public void set(Consumer<String> action) {
        this.action = action;
    }

    public void clear() {
        this.action = body -> {};
    }

    @Override
    public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
        action.accept(serveEvent.getRequest().getBodyAsString());
    }

    @Override
    public String getName() {
        return "before-response-hook";
    }
}
