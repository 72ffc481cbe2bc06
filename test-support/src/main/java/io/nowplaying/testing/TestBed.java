package io.nowplaying.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * What an integration test runs a function against, each in one place: Spotify (a WireMock server on
 * loopback, started on first use), the token secret (in {@link MotoServer}), the function's
 * environment pointing at both, a {@link MutableClock}, and the test's console output, captured and
 * checked after the test for every test secret ({@link TestSecrets}: the well-known ones, those
 * recorded so far, and any the test forbids). Register it as a JUnit extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestBed testBed = new TestBed();
 *
 * @Test
 * void nowPlayingAnswersWhatSpotifyPlays() {
 *     testBed.tokenSecret(TestBed.CONNECTED);
 *     testBed.spotify().stubFor(get(urlPathEqualTo("/v1/me/player/currently-playing"))
 *             .willReturn(okJson(Fixtures.spotify("currently-playing-track.json"))));
 *     var handler = new NowPlayingHandler(
 *             new SpotifyServices(Config.from(testBed.env()), testBed.clock(), testBed.secretsManager()));
 *     JsonNode response = LambdaRuntime.invoke(handler, HttpApiEvent.get(Route.NOW_PLAYING.path()).toBytes());
 *     assertTrue(testBed.logs().contains("\"event\":\"now_playing\""));
 * }
 * }</pre>
 *
 * An instance field gives each test its own Spotify; a static field shares one across the class,
 * with its stubs and requests reset after each test. The clock, the environment, the token secret and
 * the captured output are each test's own either way (so keep none of them in a static field). The environment uses the variable names of
 * docs/settings.md (this module cannot see {@code Setting}); tests add theirs with {@code
 * env(Setting.X.variable(), value)}.
 */
public final class TestBed implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    public static final String CLIENT_ID = "client-id";
    /** Listed in well-known.txt, like every token below. */
    public static final String CLIENT_SECRET = "client-secret-s3cr3t-value";

    public static final String REFRESH_TOKEN = "AQDtestRefresh-1";
    public static final String ACCESS_TOKEN = "BQCtestAccess-1";
    /** What now-playing needs; a grant made before the lists and private sessions has only these. */
    public static final String NOW_PLAYING_SCOPES = "user-read-currently-playing user-read-recently-played";
    /** A connected owner granted {@link #NOW_PLAYING_SCOPES}; see {@link #connected(String)}. */
    public static final String CONNECTED = connected(NOW_PLAYING_SCOPES);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BeforeResponseHook beforeResponse = new BeforeResponseHook();
    private boolean sharedByTheClass;
    private WireMockServer spotify;

    private MutableClock clock = new MutableClock();
    private Map<String, String> env;
    private String tokenSecret;
    private final AtomicInteger secretsManagerCalls = new AtomicInteger();
    private final AtomicBoolean secretsManagerDown = new AtomicBoolean();

    private final List<String> forbidden = new ArrayList<>();
    private Capture out;
    private Capture err;

    /**
     * The token state of an owner (owner-123, "Site Owner", authorized 2026-11-01) who granted {@code
     * scope}, with the shared access token {@link #ACCESS_TOKEN} valid until an hour after {@link
     * MutableClock#DEFAULT_START}.
     */
    public static String connected(String scope) {
        return "{\"refresh_token\":\"" + REFRESH_TOKEN + "\",\"access_token\":\"" + ACCESS_TOKEN
                + "\",\"access_token_expires_at\":\"2026-11-29T11:00:00Z\",\"scope\":\"" + scope
                + "\",\"owner_id\":\"owner-123\",\"owner_display_name\":\"Site Owner\","
                + "\"authorized_at\":\"2026-11-01T10:00:00Z\"}";
    }

    // ---------------------------------------------------------------- Spotify

    /**
     * The WireMock server that plays Spotify's accounts service and Web API, started on first use.
     * Its 40 request threads let a test keep many slow answers in flight.
     */
    public synchronized WireMockServer spotify() {
        if (spotify == null) {
            spotify = new WireMockServer(wireMockConfig()
                    .dynamicPort()
                    .bindAddress("127.0.0.1")
                    .containerThreads(40)
                    .extensions(beforeResponse));
            spotify.start();
        }
        return spotify;
    }

    /** Spotify's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String spotifyUrl() {
        return "http://127.0.0.1:" + spotify().port();
    }

    /**
     * Runs {@code action} with each request's body while Spotify's answer is on its way, until the
     * test ends: the moment another instance's write would race with the function's.
     */
    public void beforeSpotifyAnswers(Consumer<String> action) {
        spotify();
        beforeResponse.set(action);
    }

    // ---------------------------------------------------------------- the clock and the environment

    /** The test's clock, at {@link MutableClock#DEFAULT_START} when the test starts. */
    public MutableClock clock() {
        return clock;
    }

    /**
     * The function's environment, which the test may change: the client id and secret, and Spotify's
     * authorize, token and Web API URLs at {@link #spotify()}; the token secret once {@link
     * #tokenSecret} made one.
     */
    public synchronized Map<String, String> env() {
        if (env == null) {
            env = new HashMap<>();
            env.put("SPOTIFY_CLIENT_ID", CLIENT_ID);
            env.put("SPOTIFY_CLIENT_SECRET", CLIENT_SECRET);
            env.put("SPOTIFY_AUTHORIZE_URL", spotifyUrl() + "/authorize");
            env.put("SPOTIFY_TOKEN_URL", spotifyUrl() + "/api/token");
            env.put("SPOTIFY_API_URL", spotifyUrl());
        }
        return env;
    }

    /** Sets {@code variable} in {@link #env()}, or removes it when {@code value} is null. */
    public TestBed env(String variable, String value) {
        if (value == null) {
            env().remove(variable);
        } else {
            env().put(variable, value);
        }
        return this;
    }

    // ---------------------------------------------------------------- the token secret

    /** moto's Secrets Manager; fails (or, opted out, skips) the test when moto cannot start. */
    public MotoServer moto() {
        return MotoServer.get();
    }

    /**
     * Creates the token secret holding {@code state} (no value when null), names it in {@link #env()}
     * as {@code SPOTIFY_TOKEN_SECRET}, and returns its name.
     */
    public String tokenSecret(String state) {
        tokenSecret = moto().createSecret("tokens", state);
        env("SPOTIFY_TOKEN_SECRET", tokenSecret);
        return tokenSecret;
    }

    /** The token secret's current value; null while it has none. */
    public String storedState() {
        try {
            return moto().secretValue(tokenSecret);
        } catch (ResourceNotFoundException noValueYet) {
            return null;
        }
    }

    /** Replaces the token secret's value, as another instance or the owner would. */
    public void storeState(String state) {
        moto().putSecretValue(tokenSecret, state);
    }

    /**
     * Secrets Manager clients for the function's {@code SpotifyServices}: each is a moto client that
     * counts its calls in {@link #secretsManagerCalls()} and fails as an unreachable Secrets Manager
     * would while {@link #secretsManagerDown} is set.
     */
    public Supplier<SecretsManagerClient> secretsManager() {
        return () -> moto().clientWith(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                secretsManagerCalls.incrementAndGet();
                if (secretsManagerDown.get()) {
                    throw SdkClientException.create("simulated Secrets Manager outage");
                }
            }
        });
    }

    /** How many API calls the {@link #secretsManager()} clients started. */
    public int secretsManagerCalls() {
        return secretsManagerCalls.get();
    }

    /** Starts ({@code true}) or ends a Secrets Manager outage for the {@link #secretsManager()} clients. */
    public void secretsManagerDown(boolean down) {
        secretsManagerDown.set(down);
    }

    // ---------------------------------------------------------------- the console

    /** What the test printed to standard output so far: the functions' JSON log lines among it. */
    public String logs() {
        return out.text();
    }

    /** What the test printed to standard error so far. */
    public String errors() {
        return err.text();
    }

    /** The JSON log lines whose {@code event} is {@code event}, in order. */
    public List<JsonNode> logLines(String event) {
        return logs().lines()
                .filter(line -> line.startsWith("{"))
                .map(TestBed::parse)
                .filter(line -> event.equals(line.path("event").asText()))
                .toList();
    }

    /**
     * Adds values that must not appear in this test's output, besides the test secrets, e.g. what a
     * privacy rule hides.
     */
    public void forbidInLogs(String... values) {
        forbidden.addAll(List.of(values));
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("a log line is not JSON: " + line, e);
        }
    }

    // ---------------------------------------------------------------- the test's lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        sharedByTheClass = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        out = new Capture(System.out);
        err = new Capture(System.err);
        System.setOut(out.stream);
        System.setErr(err.stream);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(out.original);
        System.setErr(err.original);
        beforeResponse.clear();
        if (spotify != null) {
            if (sharedByTheClass) {
                spotify.resetAll();
            } else {
                stopSpotify();
            }
        }
        List<String> forbiddenByTheTest = List.copyOf(forbidden);
        clock = new MutableClock();
        env = null;
        tokenSecret = null;
        secretsManagerCalls.set(0);
        secretsManagerDown.set(false);
        forbidden.clear();
        assertNoSecretIn(out.text() + err.text(), forbiddenByTheTest);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopSpotify();
    }

    private synchronized void stopSpotify() {
        if (spotify != null) {
            spotify.stop();
            spotify = null;
        }
    }

    /** Names the kind of each secret found, never the value (the failure is itself test output). */
    private static void assertNoSecretIn(String output, List<String> forbidden) {
        TreeSet<String> found = new TreeSet<>();
        List<TestSecrets.Secret> secrets = new ArrayList<>(TestSecrets.wellKnown());
        secrets.addAll(TestSecrets.recorded());
        for (TestSecrets.Secret secret : secrets) {
            if (output.contains(secret.value())) {
                found.add("a " + secret.kind() + " value");
            }
        }
        for (int i = 0; i < forbidden.size(); i++) {
            if (output.contains(forbidden.get(i))) {
                found.add("the forbidden value number " + (i + 1));
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionError("the test's output holds " + String.join(", ", found)
                    + " (the values are listed in test-secrets/well-known.txt, recorded with TestSecrets"
                    + " or forbidden by the test)");
        }
    }

    /** One console stream while a test runs: written through to the original, and kept. */
    private static final class Capture {
        final PrintStream original;
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final PrintStream stream;

        Capture(PrintStream original) {
            this.original = original;
            this.stream = new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            kept.write(b);
                            original.write(b);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) {
                            kept.write(bytes, offset, length);
                            original.write(bytes, offset, length);
                        }

                        @Override
                        public void flush() {
                            original.flush();
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
