package io.nowplaying.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.CallbackHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.runtime.SecretsManagerClients;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.nowplaying.NowPlayingHandler;
import io.nowplaying.refresh.RefreshHandler;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.MutableClock;
import io.nowplaying.testing.TestBed;
import io.nowplaying.testing.TestSecrets;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The three functions wired as one deployment on a {@link TestBed}: Spotify at its WireMock server
 * (or, for a fault, at another address), the token secret in a Secrets Manager (moto, {@link
 * FakeSecretsManager} or a closed port) reached through the production client settings ({@link
 * SecretsManagerClients}), and the test bed's clock. The secret values are the fake ones listed in
 * test-support's well-known test secrets.
 */
final class Deployment {
    static final String CLIENT_ID = "sec-client-id";
    static final String CLIENT_SECRET = "sec-client-secret-Zq8vN2wP";
    static final String ACCESS_TOKEN = "sec-access-token-old-7Hq";
    static final String NEW_ACCESS_TOKEN = "sec-access-token-new-9Kd";
    static final String NEXT_ACCESS_TOKEN = "sec-access-token-next-4Lm";
    static final String REFRESH_TOKEN = "sec-refresh-token-A1x";
    static final String ROTATED_REFRESH_TOKEN = "sec-refresh-token-B2y";
    static final String NEXT_REFRESH_TOKEN = "sec-refresh-token-C3z";
    static final String CODE = "sec-authorization-code-X5";
    static final String REDIRECT_URI = "http://127.0.0.1:3000/api/spotify/callback";

    /** Connected, with a shared access token valid for another hour. */
    static final String CONNECTED = "{\"refresh_token\":\"" + REFRESH_TOKEN + "\",\"access_token\":\"" + ACCESS_TOKEN
            + "\",\"access_token_expires_at\":\"2026-11-29T11:00:00Z\",\"scope\":\"" + TestBed.NOW_PLAYING_SCOPES
            + "\",\"owner_id\":\"owner-123\",\"owner_display_name\":\"Site Owner\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}";
    /** Connected, but the access token must be refreshed first. */
    static final String NEEDS_REFRESH = "{\"refresh_token\":\"" + REFRESH_TOKEN
            + "\",\"owner_id\":\"owner-123\",\"authorized_at\":\"2026-11-01T10:00:00Z\"}";

    final MutableClock clock;
    final Map<String, String> env;
    private final Supplier<SecretsManagerClient> secretsManager;

    private Deployment(TestBed testBed, URI secretsManagerEndpoint, String tokenSecret) {
        this.clock = testBed.clock();
        this.secretsManager = () -> productionClient(secretsManagerEndpoint);
        this.env = new HashMap<>(testBed.env());
        env.put(Setting.CLIENT_ID.variable(), CLIENT_ID);
        env.put(Setting.CLIENT_SECRET.variable(), CLIENT_SECRET);
        env.put(Setting.REDIRECT_URI.variable(), REDIRECT_URI);
        env.put(Setting.SECRET_CACHE_SECONDS.variable(), "0");
        env.put(Setting.HTTP_TIMEOUT_MS.variable(), "1000");
        with(Setting.TOKEN_SECRET.variable(), tokenSecret);
    }

    /** The deployment with Spotify at the test bed's WireMock server. */
    static Deployment on(TestBed testBed, URI secretsManagerEndpoint, String tokenSecret) {
        return new Deployment(testBed, secretsManagerEndpoint, tokenSecret);
    }

    /** The deployment with Spotify's token endpoint and Web API at the given URLs. */
    static Deployment on(
            TestBed testBed, String tokenUrl, String apiUrl, URI secretsManagerEndpoint, String tokenSecret) {
        return on(testBed, secretsManagerEndpoint, tokenSecret)
                .with(Setting.TOKEN_URL.variable(), tokenUrl)
                .with(Setting.API_URL.variable(), apiUrl);
    }

    Deployment with(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    SpotifyServices services() {
        return new SpotifyServices(Config.from(env), clock, secretsManager);
    }

    NowPlayingHandler nowPlaying() {
        return new NowPlayingHandler(services());
    }

    CallbackHandler callback() {
        return new CallbackHandler(services());
    }

    RefreshHandler refresh() {
        return new RefreshHandler(services());
    }

    /**
     * The Secrets Manager client exactly as a function builds it ({@link SecretsManagerClients#fromEnvironment},
     * same HTTP client, timeouts and retries), pointed at {@code endpoint} through the SDK's standard
     * {@code aws.endpointUrlSecretsManager} setting. The fake credentials come from the system
     * properties the failsafe configuration sets (the SDK reads them on the first call, not at build time).
     */
    static synchronized SecretsManagerClient productionClient(URI endpoint) {
        Map<String, String> properties = Map.of("aws.endpointUrlSecretsManager", endpoint.toString());
        Map<String, String> previous = new HashMap<>();
        properties.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        try {
            return SecretsManagerClients.fromEnvironment();
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /** A started login: the state Spotify would echo and the cookie the browser sends back. */
    record Login(String state, String cookie) {
        String callbackQuery(String code) {
            return "code=" + code + "&state=" + state;
        }
    }

    static Login login(CallbackHandler handler) {
        JsonNode response = LambdaRuntime.invoke(
                handler, HttpApiEvent.get(Route.LOGIN.path()).toBytes());
        assertEquals(302, response.path("statusCode").asInt(), response.toString());
        String location = response.path("headers").path("Location").asText();
        String state = null;
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("state=")) {
                state = pair.substring("state=".length());
            }
        }
        String setCookie = response.path("cookies").get(0).asText();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        TestSecrets.record(TestSecrets.Kind.STATE, state);
        TestSecrets.record(TestSecrets.Kind.COOKIE, cookie.substring(cookie.indexOf('=') + 1));
        return new Login(state, cookie);
    }
}
