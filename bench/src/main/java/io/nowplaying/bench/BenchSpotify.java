package io.nowplaying.bench;

import io.nowplaying.simulator.Account;
import io.nowplaying.simulator.PlayerState;
import io.nowplaying.simulator.SpotifySimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The benchmark's Spotify: a {@link SpotifySimulator} that always plays one track and accepts the
 * tokens the benchmark seeds into the token secret, so only the counts of calls matter.
 */
final class BenchSpotify {
    private static final PlayerState.Track TRACK = new PlayerState.Track(
            "benchTrack000000000001", "Bench Track", List.of("The Benchmarks"), "Warm Path", 214_000, "bench-track");

    private BenchSpotify() {}

    static SpotifySimulator start() {
        SpotifySimulator spotify = SpotifySimulator.start(
                new Account(
                        "bench-client-id", "bench-client-secret", "bench-owner", "Bench Owner", Account.DEFAULT_SCOPES),
                Clock.systemUTC());
        spotify.acceptAnyCredentials(true);
        spotify.player(PlayerState.playing(TRACK, 61_000));
        spotify.recentlyPlayed(
                now -> List.of(new SpotifySimulator.RecentPlay(TRACK, now.minus(Duration.ofMinutes(5)))));
        return spotify;
    }
}
