package io.nowplaying.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.nowplaying.NowPlayingHandler;
import io.nowplaying.refresh.RefreshHandler;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.MotoServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** In-process now-playing and refresh functions wired to moto and the Spotify simulator, as a Lambda container wires one. */
final class Functions {
    private final MotoServer moto;
    private final SpotifySimulator spotify;
    private final String credentialsSecret;
    private final String tokenSecret;

    Functions(MotoServer moto, SpotifySimulator spotify, String credentialsSecret, String tokenSecret) {
        this.moto = moto;
        this.spotify = spotify;
        this.credentialsSecret = credentialsSecret;
        this.tokenSecret = tokenSecret;
    }

    String tokenSecret() {
        return tokenSecret;
    }

    RequestStreamHandler nowPlaying(Clock clock, Map<String, String> extra) {
        return new NowPlayingHandler(
                new SpotifyServices(Config.from(environment("NowPlayingFunction", extra)), clock, moto::client));
    }

    RequestStreamHandler refresh(Clock clock) {
        return new RefreshHandler(
                new SpotifyServices(Config.from(environment("RefreshFunction", Map.of())), clock, moto::client));
    }

    private Map<String, String> environment(String functionName, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put(Setting.CREDENTIALS_SECRET.variable(), credentialsSecret);
        env.put(Setting.TOKEN_SECRET.variable(), tokenSecret);
        env.put(Setting.TOKEN_URL.variable(), spotify.tokenUri().toString());
        env.put(Setting.API_URL.variable(), spotify.apiUri().toString());
        env.put(Setting.ALLOWED_ORIGINS.variable(), "https://example.com");
        env.putAll(extra);
        return env;
    }
}
