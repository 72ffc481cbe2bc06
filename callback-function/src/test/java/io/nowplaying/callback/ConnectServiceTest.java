package io.nowplaying.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.callback.CallbackOutcome.Connected;
import io.nowplaying.callback.CallbackOutcome.Denied;
import io.nowplaying.callback.CallbackOutcome.NotConnected;
import io.nowplaying.callback.CallbackOutcome.Reason;
import io.nowplaying.callback.CallbackOutcome.WrongOwner;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.LambdaHttp;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.Scope;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyHttp;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.token.AccessTokenProvider;
import io.nowplaying.core.token.OwnerLock;
import io.nowplaying.core.token.TokenRefresher;
import io.nowplaying.simulator.Account;
import io.nowplaying.simulator.Call;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.HttpApiEvent;
import io.nowplaying.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectService}: a browser's login through the Spotify simulator's authorize and token
 * endpoints (PKCE S256 and the exact redirect URI checked there) over a loopback socket, tokens
 * stored in memory, and a clock the test moves: no moto, no WireMock.
 */
class ConnectServiceTest {
    private static final URI REDIRECT = URI.create("http://127.0.0.1:3000" + Route.CALLBACK.path());
    private static final HttpClient BROWSER = HttpClient.newHttpClient();

    private final MutableClock clock = new MutableClock();
    private final SpotifySimulator spotify = SpotifySimulator.start(
            new Account("client-id", "client-secret", "owner", "The Owner", String.join(" ", Scope.spotifyNames())),
            clock);
    private TokenStore store = TokenStore.inMemory(TokenState.empty(), clock);

    @AfterEach
    void stop() {
        spotify.close();
    }

    /** The service as the callback function builds it, with {@code extra} settings. */
    private ConnectService service(Map<String, String> extra) {
        spotify.registerRedirectUri(REDIRECT.toString());
        Map<String, String> env = new HashMap<>(extra);
        env.put(Setting.REDIRECT_URI.variable(), REDIRECT.toString());
        env.put(Setting.CLIENT_ID.variable(), "client-id");
        env.put(Setting.CLIENT_SECRET.variable(), "client-secret");
        // Config insists on a named store; the service is handed the in-memory one instead.
        env.put(Setting.TOKEN_SECRET.variable(), "not-used");
        Supplier<ClientCredentials> credentials = () -> new ClientCredentials("client-id", "client-secret");
        SpotifyHttp http = new SpotifyHttp(Duration.ofSeconds(5));
        SpotifyAccountsClient accounts =
                new SpotifyAccountsClient(http, spotify.authorizeUri(), spotify.tokenUri(), credentials, clock);
        SpotifyApiClient api = new SpotifyApiClient(http, spotify.apiUri());
        AccessTokenProvider accessTokens =
                new AccessTokenProvider(store, new TokenRefresher(store, accounts, clock), clock);
        return new ConnectService(
                ConnectService.Settings.from(Config.from(env)),
                clock,
                credentials,
                accounts,
                api,
                store,
                new OwnerLock(store, accessTokens, api));
    }

    /** A login the owner approved at Spotify: the login cookie and the query Spotify redirected back with. */
    private record Approved(String cookie, String callbackQuery) {
        String state() {
            return callback(callbackQuery).query("state").orElseThrow();
        }

        HttpRequest callback(String rawQuery) {
            return LambdaHttp.request(HttpApiEvent.get(Route.CALLBACK.path())
                    .query(rawQuery)
                    .cookie(cookie)
                    .toJson());
        }
    }

    private static Approved approveAtSpotify(ConnectService service) throws Exception {
        ConnectService.LoginStart start = service.login(REDIRECT);
        var atSpotify = BROWSER.send(
                java.net.http.HttpRequest.newBuilder(start.authorizeUri()).build(), BodyHandlers.discarding());
        assertEquals(302, atSpotify.statusCode(), "the simulator accepts the authorize request");
        URI back = URI.create(atSpotify.headers().firstValue("Location").orElseThrow());
        assertEquals(REDIRECT.getPath(), back.getPath());
        String cookie = start.setCookie().substring(0, start.setCookie().indexOf(';'));
        return new Approved(cookie, back.getRawQuery());
    }

    @Test
    void anApprovedLoginStoresTheOwnersTokens() throws Exception {
        ConnectService service = service(Map.of());
        Approved approved = approveAtSpotify(service);

        CallbackOutcome outcome = service.callback(approved.callback(approved.callbackQuery()), REDIRECT);

        Connected connected = assertInstanceOf(Connected.class, outcome);
        assertEquals("owner", connected.user().id());
        assertEquals(List.of(), connected.missingScopes());
        TokenState stored = store.readFresh().orElseThrow();
        assertTrue(stored.refreshToken().orElseThrow().startsWith("sim-refresh-"));
        assertTrue(stored.accessToken().orElseThrow().startsWith("sim-access-"));
        assertEquals("owner", stored.ownerId().orElseThrow());
        assertEquals("The Owner", stored.ownerDisplayName().orElseThrow());
        assertEquals(clock.instant(), stored.authorizedAt().orElseThrow());
        assertTrue(stored.text(ConnectService.LOGIN_STATE_HASH).isPresent());
        Call exchange = spotify.calls().stream()
                .filter(call -> call.endpoint() == Endpoint.TOKEN)
                .findFirst()
                .orElseThrow();
        assertEquals(200, exchange.status(), "PKCE verifier and redirect URI accepted");
        assertEquals(REDIRECT.toString(), exchange.parameters().get("redirect_uri"));
    }

    @Test
    void aReplayedCallbackIsRefusedWithoutAskingSpotify() throws Exception {
        ConnectService service = service(Map.of());
        Approved approved = approveAtSpotify(service);
        service.callback(approved.callback(approved.callbackQuery()), REDIRECT);
        TokenState afterConnect = store.readFresh().orElseThrow();

        CallbackOutcome replay = service.callback(approved.callback(approved.callbackQuery()), REDIRECT);

        assertEquals(new NotConnected(Reason.REPLAYED_STATE), replay);
        assertEquals(1, spotify.calls(Endpoint.TOKEN));
        assertEquals(afterConnect, store.readFresh().orElseThrow());
    }

    @Test
    void anotherAccountThanTheConfiguredOwnerIsRefusedAndNothingIsStored() throws Exception {
        ConnectService service = service(Map.of(Setting.OWNER_ID.variable(), "someone-else"));
        Approved approved = approveAtSpotify(service);

        CallbackOutcome outcome = service.callback(approved.callback(approved.callbackQuery()), REDIRECT);

        assertEquals("owner", assertInstanceOf(WrongOwner.class, outcome).user().id());
        assertEquals(TokenState.empty(), store.readFresh().orElse(TokenState.empty()));
    }

    @Test
    void anotherAccountThanTheConnectedOneIsRefusedAndTheStoredTokensStay() throws Exception {
        TokenState earlier = TokenState.empty()
                .with(TokenState.REFRESH_TOKEN, "refresh-of-the-first-owner")
                .with(TokenState.OWNER_ID, "first-owner");
        store = TokenStore.inMemory(earlier, clock);
        ConnectService service = service(Map.of());
        Approved approved = approveAtSpotify(service);

        CallbackOutcome outcome = service.callback(approved.callback(approved.callbackQuery()), REDIRECT);

        assertInstanceOf(WrongOwner.class, outcome);
        assertEquals(earlier, store.readFresh().orElseThrow());
    }

    @Test
    void aDeniedLoginShowsSpotifysErrorAndStoresNothing() throws Exception {
        ConnectService service = service(Map.of());
        Approved approved = approveAtSpotify(service);

        CallbackOutcome outcome =
                service.callback(approved.callback("error=access_denied&state=" + approved.state()), REDIRECT);

        assertRefusedBeforeTheCodeExchange(new Denied("access_denied", null), outcome);
    }

    @Test
    void aLoginOlderThanTheCookiesLifetimeIsRefusedAsExpired() throws Exception {
        ConnectService service = service(Map.of());
        Approved approved = approveAtSpotify(service);
        clock.advance(LoginCookie.LIFETIME.plus(LoginCookie.CLOCK_SKEW).plusSeconds(1));

        CallbackOutcome outcome = service.callback(approved.callback(approved.callbackQuery()), REDIRECT);

        assertRefusedBeforeTheCodeExchange(new NotConnected(Reason.EXPIRED_STATE), outcome);
    }

    @Test
    void aStateOtherThanTheCookiesIsRefused() throws Exception {
        ConnectService service = service(Map.of());
        Approved approved = approveAtSpotify(service);
        String code = approved.callback(approved.callbackQuery()).query("code").orElseThrow();

        CallbackOutcome outcome = service.callback(approved.callback("code=" + code + "&state=forged"), REDIRECT);

        assertRefusedBeforeTheCodeExchange(new NotConnected(Reason.INVALID_STATE), outcome);
    }

    /** The outcome, reached without sending the code to Spotify and without storing anything. */
    private void assertRefusedBeforeTheCodeExchange(CallbackOutcome expected, CallbackOutcome outcome) {
        assertEquals(expected, outcome);
        assertEquals(0, spotify.calls(Endpoint.TOKEN));
        assertEquals(TokenState.empty(), store.readFresh().orElse(TokenState.empty()));
    }
}
