package io.nowplaying.local;

import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.simulator.Account;
import io.nowplaying.simulator.PlayerState;
import io.nowplaying.simulator.SpotifySimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Demo mode's Spotify account: a {@link SpotifySimulator} whose player cycles by wall time through
 * {@link Phase playing, paused, an episode and nothing playing}, with a pre-connected refresh token.
 */
public final class DemoSpotify implements AutoCloseable {
    public static final String CLIENT_ID = "demo-client-id";
    public static final String CLIENT_SECRET = "demo-client-secret";
    /** The refresh token of the pre-connected demo account; it only opens this simulator. */
    public static final String REFRESH_TOKEN = "demo-refresh-token";

    public static final String USER_ID = "demo-listener";
    public static final String USER_NAME = "Demo Listener";
    public static final String SCOPES = Account.DEFAULT_SCOPES;
    public static final String TRACK_TITLE = "Loopback Lullaby";
    public static final String EPISODE_TITLE = "Episode 7: Running It Locally";
    public static final Duration DEFAULT_PHASE_LENGTH = Duration.ofSeconds(8);

    private static final PlayerState.Track TRACK = new PlayerState.Track(
            "demoTrack0000000000001", TRACK_TITLE, List.of("The Localhosts"), "Port 3000", 214_000, "track");
    private static final PlayerState.Episode EPISODE =
            new PlayerState.Episode("demoEpisode00000000001", EPISODE_TITLE, "Demo Radio", 1_860_000, "episode");

    /** What the simulated player does, in cycle order. */
    public enum Phase {
        PLAYING,
        PAUSED,
        EPISODE,
        NOTHING
    }

    private final SpotifySimulator simulator;
    private final long phaseMillis;

    public DemoSpotify(Duration phaseLength, Clock clock) {
        this.phaseMillis = Math.max(1, phaseLength.toMillis());
        simulator = SpotifySimulator.start(
                new Account(CLIENT_ID, CLIENT_SECRET, USER_ID, USER_NAME, SCOPES, "demo-"), clock);
        simulator.addRefreshToken(REFRESH_TOKEN);
        simulator.player(this::playerAt);
        simulator.recentlyPlayed(now -> List.of(new SpotifySimulator.RecentPlay(
                TRACK, Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % phaseMillis))));
    }

    public URI baseUri() {
        return simulator.baseUri();
    }

    /** The simulator itself, e.g. to register the local server's redirect URI. */
    public SpotifySimulator simulator() {
        return simulator;
    }

    public Phase phaseAt(Instant instant) {
        return Phase.values()[(int) ((instant.toEpochMilli() / phaseMillis) % Phase.values().length)];
    }

    private PlayerState playerAt(Instant now) {
        long intoPhase = now.toEpochMilli() % phaseMillis;
        return switch (phaseAt(now)) {
            case PLAYING -> PlayerState.playing(TRACK, 61_000 + intoPhase);
            case PAUSED -> PlayerState.paused(TRACK, 61_000 + phaseMillis);
            case EPISODE -> PlayerState.playing(EPISODE, 754_000 + intoPhase);
            case NOTHING -> PlayerState.nothing();
        };
    }

    /** Connects the demo account in a token file, so the widget shows something without clicking Connect. */
    static void connectAccount(Path tokenFile, Clock clock) {
        TokenStore.localFile(tokenFile, clock)
                .update(state -> state.with(TokenState.REFRESH_TOKEN, REFRESH_TOKEN)
                        .with(TokenState.SCOPE, SCOPES)
                        .with(TokenState.OWNER_ID, USER_ID)
                        .with(TokenState.OWNER_DISPLAY_NAME, USER_NAME)
                        .with(TokenState.AUTHORIZED_AT, clock.instant().toString()));
    }

    @Override
    public void close() {
        simulator.close();
    }
}
