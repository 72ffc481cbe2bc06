package io.nowplaying.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SnapStart priming: Lambda initialises a published version once, calls {@code beforeCheckpoint},
 * snapshots the process and resumes every new instance from that snapshot, so whatever the steps
 * load, link and initialise is already done when the first request arrives.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 *
 * <p>No step reads a secret, holds a token or opens a connection: the Secrets Manager client and the
 * token store run against the SDK's canned-response HTTP client, the function's HTTP edge answers a
 * bundled event from memory, and {@link HttpURLConnection}s are created but never connected. A
 * snapshot therefore holds nothing secret and nothing unique. {@code afterRestore} runs the
 * function's own reset (forgetting anything cached), so a restored instance reads the store fresh.
 *
 * <p>Outside a CRaC JVM (tests, the local server, Lambda without SnapStart) registering does nothing;
 * {@link #prime()} runs the same steps on demand. A failing step is logged and skipped: priming only
 * saves time, it must never stop a version from being published.
 */
public final class SnapStartPriming implements Resource {
    public static final String PRIMED_EVENT = "snapstart.primed";
    public static final String FAILED_EVENT = "snapstart.priming_failed";

    private final List<Step> steps;
    private final Runnable afterRestore;

    /** One named piece of priming. */
    public record Step(String name, Runnable action) {}

    private SnapStartPriming(List<Step> steps, Runnable afterRestore) {
        this.steps = List.copyOf(steps);
        this.afterRestore = afterRestore;
    }

    /**
     * Registers the steps with CRaC's global context. The context holds resources weakly: the caller
     * must keep the returned object (a handler keeps it in a field).
     */
    public static SnapStartPriming register(List<Step> steps, Runnable afterRestore) {
        SnapStartPriming priming = new SnapStartPriming(steps, afterRestore);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /**
     * A function's priming: the Secrets Manager client and token store, its HTTP edge {@code http},
     * an HTTP connection to the Spotify host it calls, then its {@code own} steps. After restore the
     * services forget what they cached.
     */
    public static SnapStartPriming registerFunction(
            SpotifyServices services, LambdaHttp http, URI spotify, Step... own) {
        List<Step> steps = new ArrayList<>(List.of(secretsManager(), httpEdge(http), httpUrlConnection(spotify)));
        steps.addAll(List.of(own));
        return register(steps, services::forgetCachedState);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        afterRestore.run();
    }

    /** Runs every step; true when none failed. */
    public boolean prime() {
        long started = System.nanoTime();
        List<String> failed = new ArrayList<>();
        for (Step step : steps) {
            try {
                step.action().run();
            } catch (RuntimeException | LinkageError e) {
                failed.add(step.name());
                Log.warn(
                        FAILED_EVENT, "step", step.name(), "error", e.getClass().getSimpleName());
            }
        }
        Log.info(
                PRIMED_EVENT,
                "steps",
                steps.size(),
                "failed",
                failed.size(),
                "durationMs",
                (System.nanoTime() - started) / 1_000_000);
        return failed.isEmpty();
    }

    /**
     * The Secrets Manager client's request, signing and response path, and the token store's read
     * and compare-and-swap write, against a canned answer: no connection, and the only "secret" is
     * the literal below.
     */
    public static Step secretsManager() {
        return new Step("secrets-manager", () -> {
            byte[] canned = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:priming\","
                            + "\"Name\":\"priming\",\"VersionId\":\"00000000-0000-0000-0000-000000000000\","
                            + "\"VersionStages\":[\"AWSCURRENT\"],\"SecretString\":\"{\\\"refresh_token\\\":\\\"priming\\\"}\"}")
                    .getBytes(StandardCharsets.UTF_8);
            try (SecretsManagerClient client = SecretsManagerClient.builder()
                    .httpClient(CannedResponseHttpClient.builder()
                            .statusCode(200)
                            .responseBody(canned)
                            .build())
                    .region(Region.US_EAST_1)
                    .endpointOverride(URI.create("http://localhost"))
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "priming")))
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(6)))
                    .build()) {
                TokenStore store = TokenStore.secretsManager(client, "priming", Clock.systemUTC(), Duration.ZERO);
                store.readFresh().orElseThrow();
                store.updateIfRefreshTokenIs(
                        "priming", state -> state.with(TokenState.UPDATED_AT, "1970-01-01T00:00:00Z"));
            }
        });
    }

    /**
     * Answers the bundled payload 2.0 event, a GET of a path that no route has, through {@code http}
     * as a request goes through it but without its log line: the event is read, dispatched and
     * answered from memory with a problem+json 404, and the answer written.
     */
    public static Step httpEdge(LambdaHttp http) {
        return new Step("http not-found", () -> {
            JsonNode event = LambdaHttp.readEvent(new ByteArrayInputStream(resource("priming-event.json")));
            try {
                LambdaHttp.write(http.route(LambdaHttp.request(event)), new ByteArrayOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Creates and configures an {@link HttpURLConnection} to {@code uri}'s scheme and host without connecting. */
    public static Step httpUrlConnection(URI uri) {
        return new Step("http-url-connection " + uri.getScheme(), () -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(1);
                connection.setReadTimeout(1);
                connection.setRequestMethod("GET");
                connection.setRequestProperty("Accept", "application/json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A bundled resource of this package, as bytes. */
    public static byte[] resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        return resource(SnapStartPriming.class, name);
    }
}
