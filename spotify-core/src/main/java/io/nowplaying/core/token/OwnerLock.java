package io.nowplaying.core.token;

import io.nowplaying.core.log.Log;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyUser;
import io.nowplaying.core.spotify.UnauthorizedException;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;

/**
 * Who owns the connection when {@code SPOTIFY_OWNER_ID} is unset: the {@code owner_id} stored by the
 * last connect, else the account a seeded refresh token ({@code SPOTIFY_REFRESH_TOKEN}, or a token
 * secret holding only {@code {"refresh_token": …}}) belongs to. That account is asked of Spotify with
 * the token's own access token ({@code GET /v1/me},
 * https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile) and
 * recorded, so a login by another account cannot replace a working seeded connection. Only when no
 * token is stored, or the stored one no longer works, is the connection unclaimed: then the first
 * account to connect becomes the owner.
 */
public final class OwnerLock {
    public static final String OWNER_RECORDED_EVENT = "token.owner_recorded";

    private final TokenStore store;
    private final AccessTokenProvider accessTokens;
    private final SpotifyApiClient api;

    public OwnerLock(TokenStore store, AccessTokenProvider accessTokens, SpotifyApiClient api) {
        this.store = store;
        this.accessTokens = accessTokens;
        this.api = api;
    }

    /** The owner of {@code stored}, recorded in the store if it had to be asked of Spotify. */
    public sealed interface Owner permits Known, Unclaimed {}

    /** The Spotify account id only whose login may replace the stored tokens. */
    public record Known(String id) implements Owner {}

    /** No working token and no recorded owner: the first account to connect becomes the owner. */
    public record Unclaimed() implements Owner {}

    /**
     * The owner of the {@code stored} state (read fresh by the caller).
     *
     * @throws io.nowplaying.core.spotify.SpotifyException when Spotify cannot say whose token it is
     *     (the caller must then refuse to replace it)
     * @throws io.nowplaying.core.store.TokenStoreException when the owner cannot be recorded
     */
    public Owner ownerOf(TokenState stored) {
        if (stored.ownerId().isPresent()) {
            return new Known(stored.ownerId().get());
        }
        if (stored.isEmpty() || stored.needsReconnect().isPresent()) {
            return new Unclaimed();
        }
        SpotifyUser user;
        try {
            user = profileOfStoredToken();
        } catch (ReconnectRequiredException | NotConnectedException dead) {
            return new Unclaimed();
        }
        TokenState recorded = store.update(
                current -> current.ownerId().isPresent() || current.isEmpty() ? current : current.withOwner(user));
        Log.info(OWNER_RECORDED_EVENT, "owner", recorded.ownerId().orElse(null));
        return recorded.ownerId().<Owner>map(Known::new).orElseGet(Unclaimed::new);
    }

    private SpotifyUser profileOfStoredToken() {
        String token = accessTokens.accessToken();
        try {
            return api.me(token);
        } catch (UnauthorizedException expired) {
            return api.me(accessTokens.replace(token));
        }
    }
}
