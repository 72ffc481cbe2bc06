package io.nowplaying.core.config;

import java.util.Set;

/**
 * The loopback addresses this project trusts with plain http: the IPv4 and IPv6 loopback literals,
 * which Spotify also accepts in redirect URIs (it rejects {@code localhost}):
 * https://developer.spotify.com/documentation/web-api/concepts/redirect_uri
 */
public final class Loopback {
    private static final Set<String> ADDRESSES = Set.of("127.0.0.1", "::1", "[::1]");

    private Loopback() {}

    /** Whether {@code host} (as {@link java.net.URI#getHost()} gives it, bracketed or not) is a loopback literal. */
    public static boolean isLoopbackAddress(String host) {
        return host != null && ADDRESSES.contains(host);
    }
}
