package io.nowplaying.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A scriptable Spotify on a loopback port: the accounts service ({@code GET /authorize},
 * {@code POST /api/token}) and the Web API endpoints the functions read ({@code /v1/me},
 * {@code /v1/me/player/currently-playing}, {@code /v1/me/player/recently-played}), plus small SVG
 * album art. A test or the demo sets what the player does ({@link #player}), queues failures
 * ({@link #failNext}) and reads the calls it received ({@link #calls}).
 *
 * <p>The accounts service holds the rules of the authorization code flow with PKCE: the client's
 * Basic credentials, a registered redirect URI matched exactly, codes that are single-use and live
 * ten minutes, the S256 code challenge checked against the verifier, refresh tokens that stay valid
 * until revoked, access tokens that expire after an hour of the simulator's clock.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow
 */
public final class SpotifySimulator implements AutoCloseable {
    /** How long an access token lives, as Spotify's {@code expires_in}. */
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    /** How long an authorization code may wait for its exchange. */
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private record IssuedCode(String redirectUri, String codeChallenge, Instant expiresAt) {}

    /** One track in the recently-played list. */
    public record RecentPlay(PlayerState.Track track, Instant playedAt) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Account account;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> redirectUris = ConcurrentHashMap.newKeySet();
    private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<Endpoint, Queue<PlayerState.Failure>> failures = new EnumMap<>(Endpoint.class);
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile Clock clock;
    private volatile Function<Instant, PlayerState> player = now -> PlayerState.nothing();
    private volatile Function<Instant, List<RecentPlay>> recentlyPlayed = now -> List.of();
    private volatile boolean rotateRefreshTokens;
    private volatile boolean acceptAnyCredentials;
    private volatile String label = "";

    private SpotifySimulator(Account account, Clock clock, int threads) throws IOException {
        this.account = account;
        this.clock = clock;
        for (Endpoint endpoint : Endpoint.values()) {
            failures.put(endpoint, new ArrayDeque<>());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "spotify-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts serving on a free loopback port. */
    public static SpotifySimulator start(Account account, Clock clock) {
        try {
            return new SpotifySimulator(account, clock, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Spotify simulator", e);
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The value for {@code SPOTIFY_AUTHORIZE_URL}. */
    public URI authorizeUri() {
        return baseUri().resolve(Endpoint.AUTHORIZE.path());
    }

    /** The value for {@code SPOTIFY_TOKEN_URL}. */
    public URI tokenUri() {
        return baseUri().resolve(Endpoint.TOKEN.path());
    }

    /** The value for {@code SPOTIFY_API_URL}. */
    public URI apiUri() {
        return baseUri();
    }

    public Account account() {
        return account;
    }

    /** The clock that stamps calls, expires codes and access tokens, and drives the player script. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /**
     * Registers a redirect URI, as in the app's dashboard; {@code /authorize} and the code exchange
     * then accept only registered URIs, compared exactly. With none registered, any
     * {@code http://127.0.0.1:PORT} or {@code http://[::1]:PORT} URI is accepted.
     */
    public void registerRedirectUri(String redirectUri) {
        redirectUris.add(redirectUri);
    }

    /** The player from now on. */
    public void player(PlayerState state) {
        player = now -> state;
    }

    /** A player that changes with the simulator's clock. */
    public void player(Function<Instant, PlayerState> script) {
        player = script;
    }

    /** What {@code /v1/me/player/recently-played} lists, newest first, at each moment. */
    public void recentlyPlayed(Function<Instant, List<RecentPlay>> script) {
        recentlyPlayed = script;
    }

    /** The next call to {@code endpoint} fails this way (once); repeated calls queue more failures. */
    public void failNext(Endpoint endpoint, PlayerState.Failure failure) {
        synchronized (failures) {
            failures.get(endpoint).add(failure);
        }
    }

    /** Makes a refresh token valid, as if its owner had connected earlier. */
    public void addRefreshToken(String refreshToken) {
        refreshTokens.add(refreshToken);
    }

    /** The owner revoked access (or the token passed its six months): refreshing answers invalid_grant. */
    public void revokeRefreshToken(String refreshToken) {
        refreshTokens.remove(refreshToken);
    }

    /** Whether a refresh also returns a new refresh token (the old one stays valid), as Spotify may. */
    public void rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
    }

    /**
     * Accepts any client credentials, refresh token and access token, for callers that only count
     * calls (the benchmark seeds token secrets the simulator never issued).
     */
    public void acceptAnyCredentials(boolean accept) {
        this.acceptAnyCredentials = accept;
    }

    /** Marks the following calls, e.g. with the caller's name; meaningful while one caller runs. */
    public void label(String label) {
        this.label = label;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long calls(Endpoint endpoint) {
        return calls.stream().filter(call -> call.endpoint() == endpoint).count();
    }

    public void resetCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Optional<Endpoint> endpoint = Endpoint.of(method, path);
            if (endpoint.isEmpty()) {
                send(exchange, apiError(404, "Service not found"));
                return;
            }
            Map<String, String> parameters = endpoint.get() == Endpoint.TOKEN
                    ? form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    : form(exchange.getRequestURI().getRawQuery());
            Instant now = clock.instant();
            Answer answer = queuedFailure(endpoint.get())
                    .map(failure -> endpoint.get() == Endpoint.TOKEN
                            ? oauthError(failure.status(), "server_error", failure.message())
                            : failure(failure))
                    .orElseGet(() -> answer(endpoint.get(), exchange, path, parameters, now));
            calls.add(new Call(endpoint.get(), now, label, answer.status(), parameters));
            send(exchange, answer);
        }
    }

    private Optional<PlayerState.Failure> queuedFailure(Endpoint endpoint) {
        synchronized (failures) {
            return Optional.ofNullable(failures.get(endpoint).poll());
        }
    }

    private Answer answer(
            Endpoint endpoint, HttpExchange exchange, String path, Map<String, String> parameters, Instant now) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return switch (endpoint) {
            case AUTHORIZE -> authorize(parameters, now);
            case TOKEN -> token(authorization, parameters, now);
            case IMAGE -> image(path);
            case ME, CURRENTLY_PLAYING, RECENTLY_PLAYED ->
                bearerProblem(authorization, now).orElseGet(() -> webApi(endpoint, now));
        };
    }

    /** Consent is implied: straight back to the redirect URI with a code and the caller's state. */
    private Answer authorize(Map<String, String> query, Instant now) {
        String redirect = query.getOrDefault("redirect_uri", "");
        if (!account.clientId().equals(query.get("client_id"))
                || !allowedRedirect(redirect)
                || query.get("state") == null
                || !"code".equals(query.get("response_type"))
                || query.get("code_challenge") == null
                || !"S256".equals(query.get("code_challenge_method"))) {
            return Answer.text(
                    400, "INVALID_CLIENT: unknown client, unregistered redirect_uri, or missing state or PKCE S256");
        }
        String code = randomToken("code-");
        codes.put(code, new IssuedCode(redirect, query.get("code_challenge"), now.plus(CODE_LIFETIME)));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + encode(code) + "&state="
                + encode(query.get("state"));
        return new Answer(302, Map.of("Location", location), null, new byte[0]);
    }

    private boolean allowedRedirect(String redirect) {
        if (!redirectUris.isEmpty()) {
            return redirectUris.contains(redirect);
        }
        return redirect.matches("http://(127\\.0\\.0\\.1|\\[::1\\]):\\d+(/.*)?");
    }

    private Answer token(String authorization, Map<String, String> form, Instant now) {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (account.clientId() + ":" + account.clientSecret()).getBytes(StandardCharsets.UTF_8));
        if (!acceptAnyCredentials && !expected.equals(authorization)) {
            return oauthError(400, "invalid_client", "Invalid client secret");
        }
        ObjectNode tokens = JSON.createObjectNode();
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                IssuedCode issued = codes.remove(form.getOrDefault("code", ""));
                if (issued == null || now.isAfter(issued.expiresAt())) {
                    return oauthError(400, "invalid_grant", "Invalid authorization code");
                }
                if (!issued.redirectUri().equals(form.get("redirect_uri"))) {
                    return oauthError(400, "invalid_grant", "Invalid redirect URI");
                }
                if (!issued.codeChallenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
                    return oauthError(400, "invalid_grant", "code_verifier was incorrect");
                }
                tokens.put("refresh_token", newRefreshToken());
            }
            case "refresh_token" -> {
                if (!acceptAnyCredentials && !refreshTokens.contains(form.getOrDefault("refresh_token", ""))) {
                    return oauthError(400, "invalid_grant", "Invalid refresh token");
                }
                if (rotateRefreshTokens) {
                    tokens.put("refresh_token", newRefreshToken());
                }
            }
            default -> {
                return oauthError(
                        400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
            }
        }
        String accessToken = randomToken("access-");
        accessTokens.put(accessToken, now.plus(ACCESS_TOKEN_LIFETIME));
        tokens.put("access_token", accessToken);
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
        tokens.put("scope", account.scopes());
        return Answer.json(200, tokens);
    }

    private String newRefreshToken() {
        String refreshToken = randomToken("refresh-");
        refreshTokens.add(refreshToken);
        return refreshToken;
    }

    /** Why a Web API call's bearer token is refused, if it is. */
    private Optional<Answer> bearerProblem(String authorization, Instant now) {
        if (acceptAnyCredentials) {
            return Optional.empty();
        }
        Instant expiresAt = authorization == null || !authorization.startsWith("Bearer ")
                ? null
                : accessTokens.get(authorization.substring("Bearer ".length()));
        if (expiresAt == null) {
            return Optional.of(failure(new PlayerState.Failure(401, "Invalid access token", Optional.empty())));
        }
        if (!now.isBefore(expiresAt)) {
            return Optional.of(failure(PlayerState.expiredToken()));
        }
        return Optional.empty();
    }

    private Answer webApi(Endpoint endpoint, Instant now) {
        return switch (endpoint) {
            case ME -> {
                ObjectNode me = JSON.createObjectNode();
                me.put("id", account.userId());
                me.put("display_name", account.displayName());
                me.put("type", "user");
                yield Answer.json(200, me);
            }
            case CURRENTLY_PLAYING -> currentlyPlaying(player.apply(now), now);
            case RECENTLY_PLAYED -> {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode items = body.putArray("items");
                for (RecentPlay play : recentlyPlayed.apply(now)) {
                    ObjectNode item = items.addObject();
                    item.set("track", item(play.track()));
                    item.put("played_at", play.playedAt().toString());
                    item.putNull("context");
                }
                body.put("limit", 1);
                yield Answer.json(200, body);
            }
            default -> throw new IllegalArgumentException(endpoint + " is not a Web API endpoint");
        };
    }

    private Answer currentlyPlaying(PlayerState state, Instant now) {
        ObjectNode body = JSON.createObjectNode();
        body.put("timestamp", now.toEpochMilli());
        body.putNull("context");
        if (state instanceof PlayerState.Nothing) {
            return new Answer(204, Map.of(), null, new byte[0]);
        } else if (state instanceof PlayerState.Failure failure) {
            return failure(failure);
        } else if (state instanceof PlayerState.Ad ad) {
            body.putNull("progress_ms");
            body.put("is_playing", ad.playing());
            body.put("currently_playing_type", "ad");
            body.putNull("item");
        } else if (state instanceof PlayerState.Listening listening) {
            body.put("progress_ms", Math.min(listening.item().durationMs(), listening.progressMs()));
            body.put("is_playing", listening.playing());
            body.put("currently_playing_type", listening.item() instanceof PlayerState.Track ? "track" : "episode");
            body.set("item", item(listening.item()));
        }
        return Answer.json(200, body);
    }

    private ObjectNode item(PlayerState.Item item) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", item.id());
        node.put("name", item.title());
        node.put("duration_ms", item.durationMs());
        if (item instanceof PlayerState.Track track) {
            node.put("type", "track");
            node.put("is_local", false);
            ArrayNode artists = node.putArray("artists");
            track.artists()
                    .forEach(name -> artists.addObject().put("type", "artist").put("name", name));
            ObjectNode album = node.putObject("album");
            album.put("name", track.album());
            images(album.putArray("images"), track.imageName());
        } else if (item instanceof PlayerState.Episode episode) {
            node.put("type", "episode");
            images(node.putArray("images"), episode.imageName());
            ObjectNode show = node.putObject("show");
            show.put("name", episode.show());
            show.put("publisher", episode.show());
        }
        return node;
    }

    private void images(ArrayNode images, String name) {
        images.addObject()
                .put("url", baseUri() + Endpoint.IMAGE.path() + name + ".svg")
                .put("width", 300)
                .put("height", 300);
    }

    /** A record sleeve in two colours picked from the name, so each item's art differs and nothing leaves the machine. */
    private static Answer image(String path) {
        String name = path.substring(Endpoint.IMAGE.path().length());
        if (!name.matches("[a-z0-9-]{1,40}\\.svg")) {
            return Answer.text(404, "no such image");
        }
        int hue = Math.floorMod(name.hashCode(), 360);
        String background = "hsl(" + hue + ",70%,45%)";
        String foreground = "hsl(" + hue + ",30%,12%)";
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 300\" width=\"300\" height=\"300\">"
                + "<rect width=\"300\" height=\"300\" fill=\"" + background + "\"/>"
                + "<circle cx=\"150\" cy=\"150\" r=\"96\" fill=\"none\" stroke=\"" + foreground
                + "\" stroke-width=\"14\"/>"
                + "<circle cx=\"150\" cy=\"150\" r=\"22\" fill=\"" + foreground + "\"/></svg>";
        return new Answer(
                200, Map.of("Cache-Control", "max-age=3600"), "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer failure(PlayerState.Failure failure) {
        Answer answer = apiError(failure.status(), failure.message());
        return failure.retryAfter()
                .map(wait -> answer.withHeader("Retry-After", Long.toString(wait.toSeconds())))
                .orElse(answer);
    }

    private static Answer apiError(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("status", status).put("message", message);
        return Answer.json(status, body);
    }

    /** An accounts-service error, RFC 6749 §5.2. */
    private static Answer oauthError(int status, String error, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return Answer.json(status, body);
    }

    private record Answer(int status, Map<String, String> headers, String contentType, byte[] body) {
        static Answer json(int status, ObjectNode body) {
            try {
                return new Answer(status, Map.of(), "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer text(int status, String text) {
            return new Answer(status, Map.of(), "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, contentType, body);
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                values.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                values.putIfAbsent(name, value);
            }
        }
        return values;
    }

    /** BASE64URL(SHA-256(verifier)) without padding, RFC 7636 §4.2. */
    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String randomToken(String kind) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return account.tokenPrefix()
                + kind
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
