package io.nowplaying.core.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.json.Json;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The three Web API endpoints this project reads. Every non-success status maps to a typed
 * {@link SpotifyException} through {@link SpotifyErrorMapping}; malformed bodies are
 * {@link SpotifyUnavailableException}s.
 */
public final class SpotifyApiClient {
    private final SpotifyHttp http;
    private final URI apiUrl;
    private final Clock clock;

    public SpotifyApiClient(SpotifyHttp http, URI apiUrl) {
        this(http, apiUrl, Clock.systemUTC());
    }

    /** @param clock the time an HTTP-date {@code Retry-After} is counted from */
    public SpotifyApiClient(SpotifyHttp http, URI apiUrl, Clock clock) {
        this.http = http;
        this.clock = clock;
        String base = apiUrl.toString();
        this.apiUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    /** {@code GET /v1/me}. */
    public SpotifyUser me(String accessToken) {
        JsonNode json = get("/v1/me", accessToken)
                .orElseThrow(
                        () -> new SpotifyUnavailableException(204, "Spotify /v1/me answered without a body", null));
        String id = Json.text(json, "id");
        if (id == null || id.isEmpty()) {
            throw new SpotifyUnavailableException(200, "Spotify /v1/me answered without an id", null);
        }
        return new SpotifyUser(id, Json.text(json, "display_name"));
    }

    /**
     * {@code GET /v1/me/player/currently-playing?additional_types=track,episode}; empty on 204
     * (nothing playing, or a private session).
     */
    public Optional<CurrentlyPlaying> currentlyPlaying(String accessToken) {
        return get("/v1/me/player/currently-playing?additional_types=track,episode", accessToken)
                .map(json -> parseOrUnavailable(() -> PlaybackParser.currentlyPlaying(json)));
    }

    /** {@code GET /v1/me/player/recently-played?limit=1}; empty when there is no history. */
    public Optional<RecentlyPlayed> recentlyPlayed(String accessToken) {
        return get("/v1/me/player/recently-played?limit=1", accessToken)
                .flatMap(json -> parseOrUnavailable(() -> PlaybackParser.recentlyPlayed(json)));
    }

    private Optional<JsonNode> get(String pathAndQuery, String accessToken) {
        SpotifyHttp.Response response;
        try {
            response = http.send(
                    "GET", URI.create(apiUrl + pathAndQuery), Map.of("Authorization", "Bearer " + accessToken), null);
        } catch (SpotifyHttp.NetworkFailure failure) {
            throw failure.toUnavailable();
        }
        int status = response.status();
        if (status == 204 || (status == 200 && response.body().length == 0)) {
            return Optional.empty();
        }
        if (status == 200) {
            try {
                return Optional.of(Json.parse(response.body()));
            } catch (IllegalArgumentException e) {
                throw new SpotifyUnavailableException(200, "Spotify answered 200 with a body that is not JSON", null);
            }
        }
        throw SpotifyErrorMapping.toException(SpotifyErrorMapping.Service.WEB_API, response, clock.instant());
    }

    private static <T> T parseOrUnavailable(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new SpotifyUnavailableException(
                    200, "Spotify answered 200 with an unexpected body: " + e.getMessage(), null);
        }
    }
}
