package io.nowplaying.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.json.Json;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.testing.EmfLines;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.LambdaRuntime;
import io.nowplaying.testing.TestBed;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The refresh function through its Lambda handler against the {@link TestBed}: WireMock plays
 * Spotify's token endpoint, moto holds the token secret (read fresh on every use), and the clock
 * starts at {@link io.nowplaying.testing.MutableClock#DEFAULT_START}.
 */
abstract class RefreshFunction {
    @RegisterExtension
    static final TestBed testBed = new TestBed();

    static final String SEED_TOKEN = "AQCexampleRefreshToken";

    /** The token secret's name. */
    String secret;

    /** A handler over a new token secret holding {@code tokenState}. */
    RefreshHandler handler(String tokenState) {
        secret = testBed.tokenSecret(tokenState);
        testBed.env(Setting.SECRET_CACHE_SECONDS.variable(), "0");
        return new RefreshHandler(
                new SpotifyServices(Config.from(testBed.env()), testBed.clock(), testBed.secretsManager()));
    }

    static WireMockServer spotify() {
        return testBed.spotify();
    }

    JsonNode stored() {
        return Json.parse(testBed.storedState());
    }

    List<JsonNode> logLines(String event) {
        return testBed.logLines(event);
    }

    static JsonNode body(JsonNode response) {
        return Json.parse(response.get("body").asText());
    }

    static int versionCount(String name) {
        try (SecretsManagerClient client = testBed.moto().client()) {
            return client.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true))
                    .versions()
                    .size();
        }
    }

    String logText() {
        return testBed.logs();
    }

    /** The values of {@code metric} in the captured EMF lines, each line validated against the EMF schema. */
    List<Long> metricValues(Metric metric) {
        return EmfLines.of(logText(), Metric.NAMESPACE, metric.metricName()).stream()
                .map(line -> line.get(metric.metricName()).asLong())
                .toList();
    }

    static JsonNode postRefresh(RefreshHandler handler, String refreshToken) {
        return LambdaRuntime.invoke(
                handler,
                HttpApiEvent.post(Route.REFRESH.path())
                        .body("{\"refresh_token\":\"" + refreshToken + "\"}")
                        .toBytes());
    }

    static void assertInvalidBody(JsonNode response) {
        assertEquals(400, response.get("statusCode").asInt(), response.toString());
        assertTrue(response.get("headers").get("Content-Type").asText().startsWith("application/problem+json"));
        assertEquals(
                "urn:spotify-now-playing:problem:invalid-body",
                body(response).get("type").asText());
        assertTrue(spotify().getAllServeEvents().isEmpty());
    }
}
