package io.nowplaying.nowplaying;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.HttpApiEvent;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MotoServer;
import io.nowplaying.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The list routes and the privacy rules end to end, as {@link NowPlayingHandlerIT} tests now-playing:
 * Spotify stubbed by WireMock on loopback, the token secret in moto's Secrets Manager, events through
 * the Lambda runtime's deserialization, and a clock the tests move.
 */
class ListsHandlerIT {
    @RegisterExtension
    WireMockExtension spotify = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String RECENTLY_PLAYED_SPOTIFY = "/v1/me/player/recently-played";
    static final String TOP_TRACKS_SPOTIFY = "/v1/me/top/tracks";
    static final String TOP_ARTISTS_SPOTIFY = "/v1/me/top/artists";
    static final String PLAYER = "/v1/me/player";
    static final String CURRENTLY_PLAYING = "/v1/me/player/currently-playing";
    static final String ORIGIN = "https://example.com";
    static final String PRIVATE_TITLE = "Private Guilty Pleasure";

    /** A connection made with today's default scopes. */
    static final String CONNECTED = state(String.join(" ", Scope.spotifyNames()));
    /** A connection made before the lists and private sessions: only now-playing's two scopes. */
    static final String CONNECTED_BEFORE = state("user-read-currently-playing user-read-recently-played");

    MutableClock clock;
    String tokenSecret;
    NowPlayingHandler handler;
    ByteArrayOutputStream logs;

    static String state(String scope) {
        return "{\"refresh_token\":\"AQDtestRefresh-1\",\"access_token\":\"BQCtestAccess-1\","
                + "\"access_token_expires_at\":\"2026-11-29T11:00:00Z\",\"scope\":\"" + scope + "\","
                + "\"owner_id\":\"owner-123\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}";
    }

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
    void captureLogs() {
        clock = new MutableClock();
        logs = new ByteArrayOutputStream();
        Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void noSecretInAnyLogLine() {
        Log.to(System.out);
        String lines = logs.toString(StandardCharsets.UTF_8);
        for (String secretValue : List.of(
                "BQCtestAccess-1",
                "BQCtestAccess-2",
                "AQDtestRefresh-1",
                "client-secret-s3cr3t-value",
                PRIVATE_TITLE)) {
            assertFalse(lines.contains(secretValue), "a log line shows " + secretValue + ":\n" + lines);
        }
    }

    String api() {
        return "http://127.0.0.1:" + spotify.getPort();
    }

    void connect(String tokenState, String... extraEnv) {
        MotoServer moto = MotoServer.get();
        Map<String, String> env = new HashMap<>();
        env.put(Setting.CLIENT_ID.variable(), "client-id");
        env.put(Setting.CLIENT_SECRET.variable(), "client-secret-s3cr3t-value");
        tokenSecret = moto.createSecret("tokens", tokenState);
        env.put(Setting.TOKEN_SECRET.variable(), tokenSecret);
        env.put(Setting.TOKEN_URL.variable(), api() + "/api/token");
        env.put(Setting.API_URL.variable(), api());
        env.put(Setting.ALLOWED_ORIGINS.variable(), ORIGIN);
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        handler = new NowPlayingHandler(new SpotifyServices(Config.from(env), clock, moto::client));
    }

    void stub(String spotifyPath, ResponseDefinitionBuilder response) {
        spotify.stubFor(get(urlPathEqualTo(spotifyPath)).willReturn(response));
    }

    void stub(String spotifyPath, String fixture) {
        stub(spotifyPath, okJson(Fixtures.spotify(fixture)));
    }

    void stubGood(ListRoute list) {
        stub(list.spotifyPath, list.fixture);
    }

    void tokenEndpointGives(String accessToken) {
        spotify.stubFor(post(urlEqualTo("/api/token"))
                .willReturn(okJson(
                        "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    JsonNode request(HttpApiEvent event) {
        return LambdaRuntime.invoke(handler, event.toBytes());
    }

    JsonNode ask(Route route, String query) {
        HttpApiEvent event = HttpApiEvent.get(route.path()).header("origin", ORIGIN);
        return request(query.isEmpty() ? event : event.query(query));
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

    static List<String> titles(JsonNode body, String field) {
        return StreamSupport.stream(body.get("items").spliterator(), false)
                .map(item -> item.get(field).asText())
                .toList();
    }

    static JsonNode assertProblem(JsonNode response, int status, String slug) {
        assertEquals(status, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/problem+json; charset=utf-8", header(response, "Content-Type"));
        assertEquals("no-store", header(response, "Cache-Control"));
        assertEquals(ORIGIN, header(response, "Access-Control-Allow-Origin"));
        JsonNode problem = body(response);
        assertEquals(
                "urn:spotify-now-playing:problem:" + slug, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        return problem;
    }

    int calls(String spotifyPath) {
        return spotify.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(spotifyPath)).build())
                .getCount();
    }

    // --- success and shapes ---------------------------------------------------------------------------

    @Test
    void recentlyPlayedAnswersTheDocumentedShape() {
        connect(CONNECTED);
        stubGood(ListRoute.RECENTLY_PLAYED);
        JsonNode response = ask(Route.RECENTLY_PLAYED, "");
        JsonNode body = ok(response);

        assertEquals("application/json; charset=utf-8", header(response, "Content-Type"));
        assertEquals(
                "public, max-age=60, stale-while-revalidate=30",
                header(response, "Cache-Control"),
                "RECENTLY_PLAYED_CACHE_SECONDS");
        assertTrue(header(response, "ETag").matches("W/\"[0-9a-f]{32}\""), "weak: the same list from any read");
        assertEquals(ORIGIN, header(response, "Access-Control-Allow-Origin"));
        assertEquals(List.of("items", "fetchedAt"), fieldNames(body));
        assertEquals("2026-11-29T10:00:00Z", body.get("fetchedAt").asText());
        assertEquals(
                List.of("One More Time", "Explicit Song", "One More Time", "Aerodynamic", "Midnight City"),
                titles(body, "title"));
        JsonNode first = body.get("items").get(0);
        assertEquals(
                List.of("type", "title", "artists", "album", "albumImageUrl", "url", "durationMs", "playedAt"),
                fieldNames(first));
        assertEquals("track", first.get("type").asText());
        assertEquals("Daft Punk", first.get("artists").get(0).get("name").asText());
        assertEquals(
                "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi",
                first.get("artists").get(0).get("url").asText());
        assertEquals("Discovery", first.get("album").asText());
        assertEquals(
                "https://i.scdn.co/image/0DiWol3AO6WpXZgp0goxAV300",
                first.get("albumImageUrl").asText());
        assertEquals(
                "https://open.spotify.com/track/0DiWol3AO6WpXZgp0goxAV",
                first.get("url").asText());
        assertEquals(320357, first.get("durationMs").asLong());
        assertEquals("2026-11-29T10:00:00Z", first.get("playedAt").asText());
        assertFalse(body.toString().contains("explicit") || body.toString().contains("\"id\""), "no ids, no flags");
        spotify.verify(getRequestedFor(urlEqualTo(RECENTLY_PLAYED_SPOTIFY + "?limit=50"))
                .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1")));
    }

    @Test
    void limitCutsTheListAndUniqueKeepsTheNewestPlayOfEachTrack() {
        connect(CONNECTED);
        stubGood(ListRoute.RECENTLY_PLAYED);
        assertEquals(
                List.of("One More Time", "Explicit Song"), titles(ok(ask(Route.RECENTLY_PLAYED, "limit=2")), "title"));
        JsonNode unique = ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=3"));
        assertEquals(List.of("One More Time", "Explicit Song", "Aerodynamic"), titles(unique, "title"));
        assertEquals(
                "2026-11-29T10:00:00Z",
                unique.get("items").get(0).get("playedAt").asText());
        assertEquals(1, calls(RECENTLY_PLAYED_SPOTIFY), "every view is cut from one read");
    }

    @Test
    void uniqueStillFillsTheLimitFromOlderPagesWhereSpotifyHasThem() {
        connect(CONNECTED);
        stubWithAnOlderPage();

        JsonNode unique = ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=10"));

        assertEquals(
                List.of("One More Time", "Explicit Song", "Aerodynamic", "Midnight City", "Around the World"),
                titles(unique, "title"));
        spotify.verify(
                exactly(2),
                getRequestedFor(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY)).withQueryParam("before", absent()));
        spotify.verify(
                exactly(1), getRequestedFor(urlEqualTo(RECENTLY_PLAYED_SPOTIFY + "?limit=50&before=1795940400000")));
        ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=10"));
        assertEquals(3, calls(RECENTLY_PLAYED_SPOTIFY), "the deeper read is cached too");
    }

    /** A first page whose {@code next} names the older page, which is the last. */
    void stubWithAnOlderPage() {
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page-more.json");
        spotify.stubFor(get(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY))
                .withQueryParam("before", equalTo("1795940400000"))
                .willReturn(okJson(Fixtures.spotify("recently-played-older.json"))));
    }

    @Test
    void whenTheOlderPageFailsTheFirstPageStillAnswers() {
        connect(CONNECTED);
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page-more.json");
        spotify.stubFor(get(urlPathEqualTo(RECENTLY_PLAYED_SPOTIFY))
                .withQueryParam("before", equalTo("1795940400000"))
                .willReturn(aResponse().withStatus(500).withBody("upstream trouble")));
        assertEquals(
                List.of("One More Time", "Explicit Song", "Aerodynamic", "Midnight City"),
                titles(ok(ask(Route.RECENTLY_PLAYED, "unique=true&limit=10")), "title"));
    }

    @ParameterizedTest
    @CsvSource({"'', short_term", "range=medium_term&limit=2, medium_term", "range=long_term, long_term"})
    void topTracksOfARange(String query, String range) {
        connect(CONNECTED);
        stubGood(ListRoute.TOP_TRACKS);
        JsonNode response = ask(Route.TOP_TRACKS, query);
        JsonNode body = ok(response);
        assertEquals(
                "public, max-age=3600, stale-while-revalidate=30",
                header(response, "Cache-Control"),
                "TOP_CACHE_SECONDS");
        assertEquals(List.of("range", "items", "fetchedAt"), fieldNames(body));
        assertEquals(range, body.get("range").asText());
        assertEquals(
                query.contains("limit=2")
                        ? List.of("One More Time", "Explicit Song")
                        : List.of("One More Time", "Explicit Song", "Midnight City"),
                titles(body, "title"));
        assertEquals(
                List.of("type", "title", "artists", "album", "albumImageUrl", "url", "durationMs"),
                fieldNames(body.get("items").get(0)));
        spotify.verify(getRequestedFor(urlEqualTo(TOP_TRACKS_SPOTIFY + "?time_range=" + range + "&limit=50&offset=0")));
    }

    @Test
    void topArtistsAnswerNameUrlAndImage() {
        connect(CONNECTED);
        stubGood(ListRoute.TOP_ARTISTS);
        JsonNode body = ok(ask(Route.TOP_ARTISTS, "range=long_term&limit=2"));
        assertEquals("long_term", body.get("range").asText());
        assertEquals(List.of("Daft Punk", "Rude Band"), titles(body, "name"));
        JsonNode first = body.get("items").get(0);
        assertEquals(List.of("name", "url", "imageUrl"), fieldNames(first));
        assertEquals(
                "https://open.spotify.com/artist/4tZwfgrHOc3mvqYlEYSvVi",
                first.get("url").asText());
        assertEquals(
                "https://i.scdn.co/image/daftpunk320", first.get("imageUrl").asText());
    }

    // --- empty ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void emptyListsAreEmptyItems(ListRoute list) {
        connect(CONNECTED);
        stub(list.spotifyPath, list == ListRoute.RECENTLY_PLAYED ? "recently-played-empty.json" : "top-empty.json");
        JsonNode body = ok(ask(list.route, ""));
        assertEquals(0, body.get("items").size());
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void a204IsAnEmptyList(ListRoute list) {
        connect(CONNECTED);
        stub(list.spotifyPath, aResponse().withStatus(204));
        assertEquals(0, ok(ask(list.route, "")).get("items").size());
    }

    // --- caching, ETag, burst -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void aBurstOfRequestsWithinTheTtlCostsOneSpotifyCall(ListRoute list) throws Exception {
        connect(CONNECTED);
        stubGood(list);
        tokenEndpointGives("BQCtestAccess-2");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String query = "limit=" + (1 + i % 5);
            answers.add(pool.submit(() -> ask(list.route, query)));
        }
        for (Future<JsonNode> answer : answers) {
            ok(answer.get());
        }
        pool.shutdown();
        assertEquals(1, calls(list.spotifyPath));

        Duration ttl = list == ListRoute.RECENTLY_PLAYED ? Duration.ofSeconds(60) : Duration.ofSeconds(3600);
        clock.advance(ttl.minusSeconds(1));
        ok(ask(list.route, ""));
        assertEquals(1, calls(list.spotifyPath));
        clock.advance(Duration.ofSeconds(1));
        ok(ask(list.route, ""));
        assertEquals(2, calls(list.spotifyPath), "a new read once the TTL has passed");
    }

    @Test
    void eachRangeIsItsOwnRead() {
        connect(CONNECTED);
        stubGood(ListRoute.TOP_ARTISTS);
        for (String range : List.of("short_term", "medium_term", "long_term", "short_term")) {
            ok(ask(Route.TOP_ARTISTS, "range=" + range));
        }
        assertEquals(3, calls(TOP_ARTISTS_SPOTIFY));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void etagAnswersIfNoneMatchWith304(ListRoute list) {
        connect(CONNECTED);
        stubGood(list);
        JsonNode first = ask(list.route, "limit=2");
        String etag = header(first, "ETag");
        JsonNode notModified = request(HttpApiEvent.get(list.route.path())
                .query("limit=2")
                .header("origin", ORIGIN)
                .header("if-none-match", etag));
        assertEquals(304, notModified.get("statusCode").asInt());
        assertEquals("", notModified.get("body").asText());
        assertEquals(etag, header(notModified, "ETag"));
        assertEquals(ORIGIN, header(notModified, "Access-Control-Allow-Origin"));
        JsonNode otherView =
                request(HttpApiEvent.get(list.route.path()).query("limit=3").header("if-none-match", etag));
        assertEquals(200, otherView.get("statusCode").asInt(), "another limit is another representation");
        assertEquals(1, calls(list.spotifyPath));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void preflightAndOtherMethods(ListRoute list) {
        connect(CONNECTED);
        JsonNode preflight = request(HttpApiEvent.request("OPTIONS", list.route.path())
                .header("origin", ORIGIN)
                .header("access-control-request-method", "GET"));
        assertEquals(204, preflight.get("statusCode").asInt());
        assertEquals(ORIGIN, header(preflight, "Access-Control-Allow-Origin"));
        JsonNode post = request(
                HttpApiEvent.post(list.route.path()).header("origin", ORIGIN).body("{}"));
        assertProblem(post, 405, "method-not-allowed");
        assertEquals(0, calls(list.spotifyPath));
    }

    // --- Spotify failures -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void a401RefreshesTheAccessTokenOnceAndRetriesOnce(ListRoute list) {
        connect(CONNECTED);
        tokenEndpointGives("BQCtestAccess-2");
        spotify.stubFor(get(urlPathEqualTo(list.spotifyPath))
                .withHeader("Authorization", equalTo("Bearer BQCtestAccess-1"))
                .willReturn(aResponse().withStatus(401).withBody(Fixtures.spotify("error-401.json"))));
        spotify.stubFor(get(urlPathEqualTo(list.spotifyPath))
                .withHeader("Authorization", equalTo("Bearer BQCtestAccess-2"))
                .willReturn(okJson(Fixtures.spotify(list.fixture))));

        assertTrue(ok(ask(list.route, "")).get("items").size() > 0);
        assertEquals(2, calls(list.spotifyPath));
        spotify.verify(exactly(1), postRequestedFor(urlEqualTo("/api/token")));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void retryAfterIsRespected(ListRoute list) {
        connect(CONNECTED);
        stub(
                list.spotifyPath,
                aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "10")
                        .withBody(Fixtures.spotify("error-429.json")));
        JsonNode limited = ask(list.route, "");
        assertProblem(limited, 503, "rate-limited");
        assertEquals("10", header(limited, "Retry-After"));
        clock.advance(Duration.ofSeconds(4));
        assertEquals("6", header(ask(list.route, "limit=3"), "Retry-After"));
        assertEquals(1, calls(list.spotifyPath));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void spotify5xxIsA502WithoutALastGoodListAndStaleWithOne(ListRoute list) {
        connect(
                CONNECTED,
                Setting.RECENTLY_PLAYED_CACHE_SECONDS.variable(),
                "5",
                Setting.TOP_CACHE_SECONDS.variable(),
                "5");
        stub(list.spotifyPath, aResponse().withStatus(500).withBody("upstream trouble"));
        assertProblem(ask(list.route, ""), 502, "spotify-unavailable");

        clock.advance(Duration.ofSeconds(5));
        stubGood(list);
        JsonNode good = ok(ask(list.route, ""));
        clock.advance(Duration.ofSeconds(5));
        stub(list.spotifyPath, aResponse().withStatus(503).withBody("upstream trouble"));
        JsonNode stale = ask(list.route, "");
        assertEquals(good, ok(stale), "the last good list, as it was");
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"cache\":\"stale\""));
        assertEquals(3, calls(list.spotifyPath));
    }

    // --- scopes ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"TOP_TRACKS, user-top-read", "TOP_ARTISTS, user-top-read"})
    void aConnectionMadeBeforeTheListsGets403MissingScopeAndStatusListsIt(ListRoute list, String scope) {
        connect(CONNECTED_BEFORE);
        stubGood(list);
        JsonNode problem = assertProblem(ask(list.route, ""), 403, "missing-scope");
        assertTrue(problem.get("detail").asText().contains(scope), problem.toString());
        assertTrue(problem.get("detail").asText().contains(Route.LOGIN.path()), problem.toString());
        assertEquals(0, calls(list.spotifyPath));
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("\"scope\":\"" + scope + "\""));

        JsonNode status = ok(request(HttpApiEvent.get(Route.STATUS.path())));
        assertEquals(Json.parse("[\"user-top-read\",\"user-read-playback-state\"]"), status.get("missingScopes"));
    }

    @Test
    void theScopeIsCheckedOnEveryRequestSoAReconnectGrantingItIsServedAtOnce() {
        connect(CONNECTED_BEFORE);
        stubGood(ListRoute.TOP_TRACKS);
        assertProblem(ask(Route.TOP_TRACKS, ""), 403, "missing-scope");
        assertProblem(ask(Route.TOP_TRACKS, ""), 403, "missing-scope");
        assertEquals(
                2,
                EmfLines.of(logs.toString(StandardCharsets.UTF_8), Metric.NAMESPACE, "MissingScopes")
                        .size(),
                "counted once per refused request");

        MotoServer.get().putSecretValue(tokenSecret, CONNECTED);
        clock.advance(Duration.ofSeconds(11));
        ok(ask(Route.TOP_TRACKS, ""));
        assertEquals(
                1,
                calls(TOP_TRACKS_SPOTIFY),
                "the grant is read again after SECRET_CACHE_SECONDS, long before the TTL");
    }

    @Test
    void recentlyPlayedNeedsItsOwnScope() {
        connect(state("user-read-currently-playing"));
        stubGood(ListRoute.RECENTLY_PLAYED);
        JsonNode problem = assertProblem(ask(Route.RECENTLY_PLAYED, ""), 403, "missing-scope");
        assertTrue(problem.get("detail").asText().contains("user-read-recently-played"));
        assertEquals(0, calls(RECENTLY_PLAYED_SPOTIFY));
    }

    @Test
    void aConnectionMadeBeforeKeepsRecentlyPlayedAndNowPlayingWorking() {
        connect(CONNECTED_BEFORE);
        stubGood(ListRoute.RECENTLY_PLAYED);
        stub(CURRENTLY_PLAYING, "currently-playing-track.json");
        ok(ask(Route.RECENTLY_PLAYED, ""));
        JsonNode nowPlaying = ok(ask(Route.NOW_PLAYING, ""));
        assertEquals("Harder, Better, Faster, Stronger", nowPlaying.get("title").asText());
        assertEquals(0, calls(PLAYER), "without user-read-playback-state: currently-playing");
        assertEquals(1, calls(CURRENTLY_PLAYING));
    }

    // --- bad parameters -------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "RECENTLY_PLAYED, limit=0, limit",
        "RECENTLY_PLAYED, limit=51, limit",
        "RECENTLY_PLAYED, limit=ten, limit",
        "RECENTLY_PLAYED, limit=-1, limit",
        "RECENTLY_PLAYED, limit=, limit",
        "RECENTLY_PLAYED, limit=1&limit=2, limit",
        "RECENTLY_PLAYED, unique=yes, unique",
        "RECENTLY_PLAYED, unique=TRUE, unique",
        "TOP_TRACKS, range=forever, range",
        "TOP_TRACKS, limit=100, limit",
        "TOP_ARTISTS, range=SHORT_TERM, range",
        "TOP_ARTISTS, limit=0005, limit",
    })
    void aBadParameterIs400NamingIt(ListRoute list, String query, String parameter) {
        connect(CONNECTED);
        stubGood(list);
        JsonNode problem = assertProblem(ask(list.route, query), 400, "invalid-parameter");
        assertTrue(problem.get("title").asText().endsWith(": " + parameter), problem.toString());
        assertTrue(problem.get("detail").asText().startsWith(parameter + " "), problem.toString());
        assertEquals(0, calls(list.spotifyPath));
    }

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void anUnknownFormatIs400(ListRoute list) {
        connect(CONNECTED);
        assertProblem(ask(list.route, "format=xml"), 400, "unsupported-format");
    }

    @Test
    void aBadParameterIsRefusedBeforeTheScope() {
        connect(CONNECTED_BEFORE);
        assertProblem(ask(Route.TOP_TRACKS, "range=forever"), 400, "invalid-parameter");
    }

    // --- private sessions -----------------------------------------------------------------------------

    @Test
    void aPrivateSessionReadsAsNothingPlayingAndRevealsNothingOfTheItem() {
        connect(CONNECTED);
        stub(PLAYER, "player-private-session.json");
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played.json");

        JsonNode json = ask(Route.NOW_PLAYING, "");
        JsonNode svg = ask(Route.NOW_PLAYING, "format=svg");

        JsonNode body = ok(json);
        assertFalse(body.get("isPlaying").asBoolean());
        assertEquals("Digital Love", body.get("title").asText(), "what was played before");
        assertEquals("recently-played", body.get("source").asText());
        assertEquals(200, svg.get("statusCode").asInt());
        for (JsonNode response : List.of(json, svg)) {
            assertFalse(response.toString().contains(PRIVATE_TITLE), response.toString());
            assertFalse(response.toString().contains("3PrivateTrackId0000001"), response.toString());
            assertFalse(response.toString().contains("Secret Album"), response.toString());
        }
        assertEquals(1, calls(PLAYER), "one player call, as with currently-playing");
        spotify.verify(getRequestedFor(urlEqualTo(PLAYER + "?additional_types=episode")));
        assertEquals(0, calls(CURRENTLY_PLAYING));
    }

    @Test
    void anOpenSessionIsShownFromThePlayer() {
        connect(CONNECTED);
        stub(PLAYER, "player-track.json");
        JsonNode body = ok(ask(Route.NOW_PLAYING, ""));
        assertTrue(body.get("isPlaying").asBoolean());
        assertEquals("Harder, Better, Faster, Stronger", body.get("title").asText());
        assertEquals("currently-playing", body.get("source").asText());
        assertEquals(0, calls(RECENTLY_PLAYED_SPOTIFY));
        assertEquals(0, calls(CURRENTLY_PLAYING));
    }

    @Test
    void noActiveDeviceFallsBackToRecentlyPlayed() {
        connect(CONNECTED);
        stub(PLAYER, aResponse().withStatus(204));
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played.json");
        assertEquals("Digital Love", ok(ask(Route.NOW_PLAYING, "")).get("title").asText());
    }

    // --- hide rules -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "episodes, player-episode.json, Episode 42: Cold Starts",
        "explicit, player-explicit.json, Explicit Song",
        "artist:4tZwfgrHOc3mvqYlEYSvVi, player-track.json, 'Harder, Better, Faster, Stronger'",
        "track:4iV5W9uYEdYUVa79Axb7Rh, player-track.json, 'Harder, Better, Faster, Stronger'",
        "show:38bS44xjbVVZ3No3ByF1dJ, player-episode.json, Episode 42: Cold Starts",
    })
    void aHiddenItemIsNotPlayingOnNowPlaying(String rule, String fixture, String hiddenTitle) {
        connect(CONNECTED, Setting.PRIVACY_HIDE.variable(), rule);
        stub(PLAYER, fixture);
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page.json");

        JsonNode response = ask(Route.NOW_PLAYING, "");
        JsonNode body = ok(response);

        assertFalse(body.get("isPlaying").asBoolean());
        assertEquals("recently-played", body.get("source").asText());
        assertFalse(response.toString().contains(hiddenTitle), response.toString());
        spotify.verify(getRequestedFor(urlEqualTo(RECENTLY_PLAYED_SPOTIFY + "?limit=50")));
    }

    @Test
    void theNowPlayingFallbackSkipsHiddenPlays() {
        connect(CONNECTED, Setting.PRIVACY_HIDE.variable(), "track:0DiWol3AO6WpXZgp0goxAV,explicit");
        stub(PLAYER, aResponse().withStatus(204));
        stub(RECENTLY_PLAYED_SPOTIFY, "recently-played-page.json");
        assertEquals("Aerodynamic", ok(ask(Route.NOW_PLAYING, "")).get("title").asText());
    }

    @ParameterizedTest
    @CsvSource({
        "explicit, 'One More Time,One More Time,Aerodynamic,Midnight City,Around the World'",
        "track:0DiWol3AO6WpXZgp0goxAV, 'Explicit Song,Aerodynamic,Midnight City,Around the World'",
        "artist:4tZwfgrHOc3mvqYlEYSvVi, 'Explicit Song,Midnight City'",
        "episodes, 'One More Time,Explicit Song,One More Time,Aerodynamic,Midnight City'",
        "show:38bS44xjbVVZ3No3ByF1dJ, 'One More Time,Explicit Song,One More Time,Aerodynamic,Midnight City'",
    })
    void hiddenPlaysAreLeftOutOfRecentlyPlayedWhichStillFillsTheLimit(String rule, String titles) {
        connect(CONNECTED, Setting.PRIVACY_HIDE.variable(), rule);
        stubWithAnOlderPage();
        JsonNode body = ok(ask(Route.RECENTLY_PLAYED, "limit=5"));
        assertEquals(List.of(titles.split(",")), titles(body, "title"));
    }

    @Test
    void hiddenTracksAndArtistsAreLeftOutOfTheTopLists() {
        connect(
                CONNECTED,
                Setting.PRIVACY_HIDE.variable(),
                "explicit,artist:63MQldklfxkjYDoUE4Tppz,track:0DiWol3AO6WpXZgp0goxAV");
        stubGood(ListRoute.TOP_TRACKS);
        stubGood(ListRoute.TOP_ARTISTS);
        assertEquals(List.of(), titles(ok(ask(Route.TOP_TRACKS, "")), "title"));
        assertEquals(List.of("Daft Punk", "Rude Band"), titles(ok(ask(Route.TOP_ARTISTS, "")), "name"));
    }

    // --- SVG --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ListRoute.class)
    void svgListCard(ListRoute list) {
        connect(CONNECTED);
        stubGood(list);
        JsonNode response = ask(list.route, "format=svg");
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals(SvgCard.CONTENT_TYPE, header(response, "Content-Type"));
        assertEquals(SvgCard.CSP, header(response, "Content-Security-Policy"));
        String svg = response.get("body").asText();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains(list == ListRoute.TOP_ARTISTS ? "Daft Punk" : "One More Time"), svg);
        assertFalse(svg.contains("<script") || svg.contains("http://127.0.0.1"), svg);
        ok(ask(list.route, "format=json"));
        assertEquals(1, calls(list.spotifyPath), "JSON and SVG share the read");
    }

    @Test
    void theListCardTakesTheCardOptionsAndRefusesABadOne() {
        connect(CONNECTED);
        stubGood(ListRoute.TOP_TRACKS);
        String dark = ask(Route.TOP_TRACKS, "format=svg&theme=dark&accent=FF00AA")
                .get("body")
                .asText();
        assertTrue(dark.contains("fill:#ff00aa") && dark.contains("#0d1117"), dark);
        JsonNode problem = assertProblem(ask(Route.TOP_TRACKS, "format=svg&theme=neon"), 400, "invalid-card-option");
        assertTrue(problem.get("detail").asText().startsWith("theme "), problem.toString());
        assertEquals(
                200,
                ask(Route.TOP_TRACKS, "theme=neon").get("statusCode").asInt(),
                "card options only count for the card");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
