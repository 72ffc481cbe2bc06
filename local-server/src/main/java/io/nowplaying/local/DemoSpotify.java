package io.nowplaying.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nowplaying.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A simulated Spotify account on a loopback port, for the local server's demo mode: the accounts
 * service ({@code /authorize}, {@code /api/token}) and the three Web API endpoints the functions
 * read. The player cycles by wall time through {@link Phase playing, paused, an episode and nothing
 * playing}; album art is small SVG served from here, so nothing leaves the machine.
 * The shapes follow https://developer.spotify.com/documentation/web-api/reference/get-the-users-currently-playing-track
 */
public final class DemoSpotify implements AutoCloseable {
    public static final String CLIENT_ID = "demo-client-id";
    public static final String CLIENT_SECRET = "demo-client-secret";
    /** The refresh token of the pre-connected demo account; it only opens this simulator. */
    public static final String REFRESH_TOKEN = "demo-refresh-token";

    public static final String USER_ID = "demo-listener";
    public static final String USER_NAME = "Demo Listener";
    public static final String SCOPES = "user-read-currently-playing user-read-recently-played";
    public static final String TRACK_TITLE = "Loopback Lullaby";
    public static final String EPISODE_TITLE = "Episode 7: Running It Locally";
    public static final Duration DEFAULT_PHASE_LENGTH = Duration.ofSeconds(8);

    private static final long TRACK_DURATION_MS = 214_000;
    private static final long EPISODE_DURATION_MS = 1_860_000;

    /** What the simulated player does, in cycle order. */
    public enum Phase {
        PLAYING,
        PAUSED,
        EPISODE,
        NOTHING
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Clock clock;
    private final long phaseMillis;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();

    public DemoSpotify(Duration phaseLength, Clock clock) throws IOException {
        this.clock = clock;
        this.phaseMillis = Math.max(1, phaseLength.toMillis());
        refreshTokens.add(REFRESH_TOKEN);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public Phase phaseAt(Instant instant) {
        return Phase.values()[(int) ((instant.toEpochMilli() / phaseMillis) % Phase.values().length)];
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/authorize")) {
                authorize(exchange);
            } else if (method.equals("POST") && path.equals("/api/token")) {
                token(exchange);
            } else if (method.equals("GET") && path.startsWith("/images/") && path.endsWith(".svg")) {
                image(exchange, path);
            } else if (method.equals("GET") && path.startsWith("/v1/")) {
                api(exchange, path);
            } else {
                send(
                        exchange,
                        404,
                        "application/json",
                        "{\"error\":{\"status\":404,\"message\":\"Service not found\"}}");
            }
        }
    }

    /** Consent is implied: straight back to the (loopback) redirect URI with a code and the caller's state. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String redirect = query.getOrDefault("redirect_uri", "");
        if (!CLIENT_ID.equals(query.get("client_id"))
                || !redirect.startsWith("http://127.0.0.1:")
                || query.get("state") == null
                || query.get("code_challenge") == null) {
            send(
                    exchange,
                    400,
                    "text/plain; charset=utf-8",
                    "INVALID_CLIENT: unknown client, non-loopback redirect_uri or missing state/PKCE");
            return;
        }
        String code = randomToken("demo-code-");
        codes.put(code, redirect);
        exchange.getResponseHeaders()
                .set(
                        "Location",
                        redirect + (redirect.contains("?") ? "&" : "?") + "code=" + encode(code) + "&state="
                                + encode(query.get("state")));
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            oauthError(exchange, 401, "invalid_client", "Invalid client");
            return;
        }
        Map<String, String> form = form(readBody(exchange));
        ObjectNode tokens = Json.object();
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                String redirect = codes.remove(form.getOrDefault("code", ""));
                if (redirect == null
                        || !redirect.equals(form.get("redirect_uri"))
                        || form.get("code_verifier") == null) {
                    oauthError(exchange, 400, "invalid_grant", "Invalid authorization code");
                    return;
                }
                String refreshToken = randomToken("demo-refresh-");
                refreshTokens.add(refreshToken);
                tokens.put("refresh_token", refreshToken);
            }
            case "refresh_token" -> {
                if (!refreshTokens.contains(form.getOrDefault("refresh_token", ""))) {
                    oauthError(exchange, 400, "invalid_grant", "Invalid refresh token");
                    return;
                }
            }
            default -> {
                oauthError(
                        exchange,
                        400,
                        "unsupported_grant_type",
                        "grant_type must be authorization_code or refresh_token");
                return;
            }
        }
        String accessToken = randomToken("demo-access-");
        accessTokens.add(accessToken);
        tokens.put("access_token", accessToken);
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 3600);
        tokens.put("scope", SCOPES);
        send(exchange, 200, "application/json", Json.write(tokens));
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null
                || !authorization.startsWith("Bearer ")
                || !accessTokens.contains(authorization.substring("Bearer ".length()))) {
            send(
                    exchange,
                    401,
                    "application/json",
                    "{\"error\":{\"status\":401,\"message\":\"Invalid access token\"}}");
            return;
        }
        Instant now = clock.instant();
        switch (path) {
            case "/v1/me" -> {
                ObjectNode me = Json.object();
                me.put("id", USER_ID);
                me.put("display_name", USER_NAME);
                me.put("type", "user");
                send(exchange, 200, "application/json", Json.write(me));
            }
            case "/v1/me/player/currently-playing" -> {
                Phase phase = phaseAt(now);
                if (phase == Phase.NOTHING) {
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
                send(exchange, 200, "application/json", Json.write(currentlyPlaying(phase, now)));
            }
            case "/v1/me/player/recently-played" -> {
                ObjectNode body = Json.object();
                ObjectNode played = body.putArray("items").addObject();
                played.set("track", track());
                played.put(
                        "played_at",
                        Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % phaseMillis)
                                .toString());
                played.putNull("context");
                body.put("limit", 1);
                send(exchange, 200, "application/json", Json.write(body));
            }
            default ->
                send(
                        exchange,
                        404,
                        "application/json",
                        "{\"error\":{\"status\":404,\"message\":\"Service not found\"}}");
        }
    }

    private ObjectNode currentlyPlaying(Phase phase, Instant now) {
        long intoPhase = now.toEpochMilli() % phaseMillis;
        ObjectNode body = Json.object();
        body.put("timestamp", now.toEpochMilli());
        body.putNull("context");
        switch (phase) {
            case PLAYING -> {
                body.put("progress_ms", Math.min(TRACK_DURATION_MS, 61_000 + intoPhase));
                body.put("is_playing", true);
                body.put("currently_playing_type", "track");
                body.set("item", track());
            }
            case PAUSED -> {
                body.put("progress_ms", 61_000 + phaseMillis);
                body.put("is_playing", false);
                body.put("currently_playing_type", "track");
                body.set("item", track());
            }
            default -> {
                body.put("progress_ms", Math.min(EPISODE_DURATION_MS, 754_000 + intoPhase));
                body.put("is_playing", true);
                body.put("currently_playing_type", "episode");
                body.set("item", episode());
            }
        }
        return body;
    }

    private ObjectNode track() {
        ObjectNode track = Json.object();
        track.put("type", "track");
        track.put("id", "demoTrack0000000000001");
        track.put("name", TRACK_TITLE);
        track.put("duration_ms", TRACK_DURATION_MS);
        track.put("is_local", false);
        ArrayNode artists = track.putArray("artists");
        artists.addObject().put("type", "artist").put("name", "The Localhosts");
        ObjectNode album = track.putObject("album");
        album.put("name", "Port 3000");
        images(album.putArray("images"), "track");
        return track;
    }

    private ObjectNode episode() {
        ObjectNode episode = Json.object();
        episode.put("type", "episode");
        episode.put("id", "demoEpisode00000000001");
        episode.put("name", EPISODE_TITLE);
        episode.put("duration_ms", EPISODE_DURATION_MS);
        images(episode.putArray("images"), "episode");
        ObjectNode show = episode.putObject("show");
        show.put("name", "Demo Radio");
        show.put("publisher", "Demo Radio");
        return episode;
    }

    private void images(ArrayNode images, String name) {
        images.addObject()
                .put("url", baseUri() + "/images/" + name + ".svg")
                .put("width", 300)
                .put("height", 300);
    }

    private void image(HttpExchange exchange, String path) throws IOException {
        String name = path.substring("/images/".length(), path.length() - ".svg".length());
        String[] colors = switch (name) {
            case "track" -> new String[] {"#1db954", "#191414"};
            case "episode" -> new String[] {"#7c4dff", "#f4f4f4"};
            default -> null;
        };
        if (colors == null) {
            send(exchange, 404, "text/plain; charset=utf-8", "no such image");
            return;
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 300\" width=\"300\" height=\"300\">"
                + "<rect width=\"300\" height=\"300\" fill=\"" + colors[0] + "\"/>"
                + "<circle cx=\"150\" cy=\"150\" r=\"96\" fill=\"none\" stroke=\"" + colors[1]
                + "\" stroke-width=\"14\"/>"
                + "<circle cx=\"150\" cy=\"150\" r=\"22\" fill=\"" + colors[1] + "\"/></svg>";
        exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
        send(exchange, 200, "image/svg+xml", svg);
    }

    private static void oauthError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        ObjectNode body = Json.object();
        body.put("error", error);
        body.put("error_description", description);
        send(exchange, status, "application/json", Json.write(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String randomToken(String prefix) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
