package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MutableClock;
import io.nowplaying.testing.TestBed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The now-playing function through its Lambda handler against the {@link TestBed}: WireMock plays
 * Spotify (each test has its own, so a request still in flight from a timeout test cannot count in
 * the next) and serves the album art, moto holds the token secret, events go through the Lambda
 * runtime's deserialization, and the tests move the clock (no sleeping). No log line may show a
 * token, the client secret or a title a privacy rule hides.
 */
abstract class NowPlayingFunction {
    @RegisterExtension
    final TestBed testBed = new TestBed();

    static final String NOW_PLAYING = Route.NOW_PLAYING.path();
    static final String STATUS = Route.STATUS.path();
    static final String ORIGIN = "https://example.com";

    static final String CURRENTLY_PLAYING = "/v1/me/player/currently-playing";
    static final String PLAYER = "/v1/me/player";
    static final String RECENTLY_PLAYED_SPOTIFY = "/v1/me/player/recently-played";
    static final String TOP_TRACKS_SPOTIFY = "/v1/me/top/tracks";
    static final String TOP_ARTISTS_SPOTIFY = "/v1/me/top/artists";

    /** A connection made before the lists and private sessions: only now-playing's two scopes. */
    static final String CONNECTED = TestBed.CONNECTED;
    /** A connection made with today's default scopes, so now-playing reads Spotify's player. */
    static final String CONNECTED_TODAY = TestBed.connected(String.join(" ", Scope.spotifyNames()));

    /** For timeout tests: Spotify stubs then answer after {@link #SLOW_MS}. */
    static final String SHORT_TIMEOUT_MS = "1000";

    static final int SLOW_MS = 3_000;
    static final String PRIVATE_TITLE = "Private Guilty Pleasure";
    static final String PREMIUM_403 =
            "{\"error\":{\"status\":403,\"message\":\"Active premium subscription required for the owner of the app\"}}";

    final MutableClock clock = testBed.clock();
    /** The token secret of the last {@link #connect}. */
    String secret;
    /** The handler of the last {@link #connect}. */
    NowPlayingHandler handler;

    /** The route a test asks, with the Spotify endpoint behind it and the fixture of a good answer. */
    enum ListRoute {
        RECENTLY_PLAYED(Route.RECENTLY_PLAYED, RECENTLY_PLAYED_SPOTIFY, "recently-played-page.json"),
        TOP_TRACKS(Route.TOP_TRACKS, TOP_TRACKS_SPOTIFY, "top-tracks.json"),
        TOP_ARTISTS(Route.TOP_ARTISTS, TOP_ARTISTS_SPOTIFY, "top-artists.json");

        final Route route;
        final String spotifyPath;
        final String fixture;

        ListRoute(Route route, String spotifyPath, String fixture) {
            this.route = route;
            this.spotifyPath = spotifyPath;
            this.fixture = fixture;
        }
    }

    @BeforeEach
    void noLogShowsAHiddenTitle() {
        testBed.forbidInLogs(PRIVATE_TITLE);
    }

    WireMockServer spotify() {
        return testBed.spotify();
    }

    String api() {
        return testBed.spotifyUrl();
    }

    /**
     * A function's environment with Spotify and the album art at {@link #api()} and tokens in {@code
     * secret}, plus {@code extraEnv} (name, value, name, value...).
     */
    Map<String, String> environment(String secret, String... extraEnv) {
        Map<String, String> env = new HashMap<>(testBed.env());
        env.put(Setting.TOKEN_SECRET.variable(), secret);
        env.put(Setting.HTTP_TIMEOUT_MS.variable(), "5000");
        env.put(Setting.ALBUM_ART_TIMEOUT_MS.variable(), "1000");
        env.put(Setting.NOW_PLAYING_CACHE_SECONDS.variable(), "5");
        env.put(Setting.ALBUM_ART_URL_PREFIX.variable(), api() + "/images/");
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        return env;
    }

    /** A fresh instance over {@code secret}: its own clock, token store, Spotify clients and caches. */
    NowPlayingHandler instance(String secret, MutableClock clock, String... extraEnv) {
        return new NowPlayingHandler(
                new SpotifyServices(Config.from(environment(secret, extraEnv)), clock, testBed.secretsManager()));
    }

    /** A handler over a new token secret holding {@code tokenState}, on the test's clock. */
    NowPlayingHandler connect(String tokenState, String... extraEnv) {
        secret = testBed.tokenSecret(tokenState);
        handler = instance(secret, clock, extraEnv);
        return handler;
    }

    void playing(String fixture) {
        playing(okJson(Fixtures.spotify(fixture)));
    }

    void playing(ResponseDefinitionBuilder response) {
        spotify().stubFor(get(urlPathEqualTo(CURRENTLY_PLAYING)).willReturn(response));
    }

    void recently(String fixture) {
        spotify().stubFor(get(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY)).willReturn(okJson(Fixtures.spotify(fixture))));
    }

    void stub(String spotifyPath, ResponseDefinitionBuilder response) {
        spotify().stubFor(get(urlPathEqualTo(spotifyPath)).willReturn(response));
    }

    void stub(String spotifyPath, String fixture) {
        stub(spotifyPath, okJson(Fixtures.spotify(fixture)));
    }

    void stubGood(ListRoute list) {
        stub(list.spotifyPath, list.fixture);
    }

    /** A first page of recently played whose {@code next} names the older page, which is the last. */
    void stubWithAnOlderPage() {
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page-more.json");
        spotify()
                .stubFor(get(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY))
                        .withQueryParam("before", equalTo("1795940400000"))
                        .willReturn(okJson(Fixtures.spotify("recently-played-older.json"))));
    }

    void tokenEndpointGives(String accessToken) {
        spotify()
                .stubFor(post(urlEqualTo("/api/token"))
                        .willReturn(okJson("{\"access_token\":\"" + accessToken
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    /** Spotify's currently-playing fails: {@code "timeout"} answers too late, a number is that status. */
    void fail(String failure) {
        if (failure.equals("timeout")) {
            playing(okJson(Fixtures.spotify("currently-playing-track.json")).withFixedDelay(SLOW_MS));
        } else {
            playing(aResponse().withStatus(Integer.parseInt(failure)).withBody("upstream trouble"));
        }
    }

    JsonNode request(HttpApiEvent event) {
        return LambdaRuntime.invoke(handler, event.toBytes());
    }

    JsonNode nowPlaying() {
        return request(HttpApiEvent.get(NOW_PLAYING).header("origin", ORIGIN));
    }

    JsonNode ask(Route route, String query) {
        HttpApiEvent event = HttpApiEvent.get(route.path()).header("origin", ORIGIN);
        return request(query.isEmpty() ? event : event.query(query));
    }

    JsonNode status() {
        JsonNode response = request(HttpApiEvent.get(STATUS));
        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        return body(response);
    }

    static JsonNode body(JsonNode response) {
        return Json.parse(response.get("body").asText());
    }

    static String header(JsonNode response, String name) {
        JsonNode value = response.path("headers").get(name);
        return value == null ? null : value.asText();
    }

    static JsonNode ok(JsonNode response) {
        assertEquals(200, response.get("statusCode").asInt(), response.toString());
        return body(response);
    }

    /** A problem+json answer with this status and type, not cached, without CORS headers or internals. */
    static JsonNode assertProblem(JsonNode response, int status, String slug) {
        assertEquals(status, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/problem+json; charset=utf-8", header(response, "Content-Type"));
        assertEquals("no-store", header(response, "Cache-Control"));
        assertNoCorsHeaders(response);
        JsonNode problem = body(response);
        assertEquals(
                "urn:spotify-now-playing:problem:" + slug, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        String text = problem.toString();
        assertFalse(
                text.contains("Exception")
                        || text.contains(TestBed.ACCESS_TOKEN)
                        || text.contains(TestBed.REFRESH_TOKEN),
                text);
        return problem;
    }

    /** CORS is API Gateway's: the function writes none of its headers, whatever the request's Origin. */
    static void assertNoCorsHeaders(JsonNode response) {
        response.path("headers")
                .fieldNames()
                .forEachRemaining(name -> assertFalse(
                        name.toLowerCase(Locale.ROOT).startsWith("access-control-") || name.equalsIgnoreCase("vary"),
                        name + " in " + response));
    }

    void assertCalls(int currentlyPlaying) {
        spotify().verify(exactly(currentlyPlaying), getRequestedFor(urlPathEqualTo(CURRENTLY_PLAYING)));
    }

    int calls(String spotifyPath) {
        return spotify()
                .countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(spotifyPath)).build())
                .getCount();
    }

    /** The values of {@code metric} in the captured EMF lines, each line validated against the EMF schema. */
    List<Long> metricValues(Metric metric) {
        return EmfLines.of(testBed.logs(), Metric.NAMESPACE, metric.metricName()).stream()
                .map(line -> line.get(metric.metricName()).asLong())
                .toList();
    }

    static List<String> titles(JsonNode body, String field) {
        return StreamSupport.stream(body.get("items").spliterator(), false)
                .map(item -> item.get(field).asText())
                .toList();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
