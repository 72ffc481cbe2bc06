package io.nowplaying.callback;

import io.nowplaying.callback.CallbackOutcome.Connected;
import io.nowplaying.callback.CallbackOutcome.Denied;
import io.nowplaying.callback.CallbackOutcome.NotConnected;
import io.nowplaying.callback.CallbackOutcome.Reason;
import io.nowplaying.callback.CallbackOutcome.SpotifyRefused;
import io.nowplaying.callback.CallbackOutcome.WrongOwner;
import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.http.Route;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.log.Metric;
import io.nowplaying.core.runtime.SpotifyServices;
import io.nowplaying.core.spotify.ClientCredentials;
import io.nowplaying.core.spotify.ForbiddenException;
import io.nowplaying.core.spotify.InvalidClientException;
import io.nowplaying.core.spotify.InvalidGrantException;
import io.nowplaying.core.spotify.OAuthErrorException;
import io.nowplaying.core.spotify.Pkce;
import io.nowplaying.core.spotify.SpotifyAccountsClient;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.SpotifyException;
import io.nowplaying.core.spotify.SpotifyUser;
import io.nowplaying.core.spotify.TokenResponse;
import io.nowplaying.core.store.TokenState;
import io.nowplaying.core.store.TokenStore;
import io.nowplaying.core.store.TokenStoreException;
import io.nowplaying.core.token.OwnerLock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The connect flow as plain logic: {@link #login} starts an authorization code + PKCE login bound to
 * the browser, {@link #callback} checks what comes back and stores the owner's tokens.
 * https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow ,
 * RFC 9700 (OAuth 2.0 Security Best Current Practice).
 */
public final class ConnectService {
    /** SHA-256 (hex) of the state of the login that last connected: a replayed callback is refused by it. */
    public static final String LOGIN_STATE_HASH = "login_state_hash";
    /** Larger values of {@code code} or {@code state} are refused before any work. */
    static final int MAX_PARAMETER_LENGTH = 2048;

    private static final Pattern API_DOMAIN =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?");
    private static final List<String> SINGLE_VALUED = List.of("code", "state", "error", "error_description");

    /**
     * What the connect flow is configured with.
     *
     * @param redirectUri {@link Setting#REDIRECT_URI}; empty inside Lambda when unset (see
     *     {@link ConnectService#redirectUri(HttpRequest)})
     * @param scopes what the login asks for ({@link Setting#SCOPES})
     * @param ownerId the only account that may connect, if set ({@link Setting#OWNER_ID})
     */
    public record Settings(Optional<URI> redirectUri, List<String> scopes, Optional<String> ownerId) {
        public static Settings from(Config config) {
            return new Settings(
                    config.get(Setting.REDIRECT_URI), config.get(Setting.SCOPES), config.get(Setting.OWNER_ID));
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Supplier<ClientCredentials> credentials;
    private final SpotifyAccountsClient accounts;
    private final SpotifyApiClient api;
    private final TokenStore tokenStore;
    private final OwnerLock ownerLock;
    private final LoginCookie loginCookie;

    public ConnectService(
            Settings settings,
            Clock clock,
            Supplier<ClientCredentials> credentials,
            SpotifyAccountsClient accounts,
            SpotifyApiClient api,
            TokenStore tokenStore,
            OwnerLock ownerLock) {
        this.settings = settings;
        this.clock = clock;
        this.credentials = credentials;
        this.accounts = accounts;
        this.api = api;
        this.tokenStore = tokenStore;
        this.ownerLock = ownerLock;
        this.loginCookie = new LoginCookie(() -> credentials.get().clientSecret(), ConnectService::random);
    }

    public static ConnectService from(SpotifyServices services) {
        return new ConnectService(
                Settings.from(services.config()),
                services.clock(),
                services.credentials(),
                services.accounts(),
                services.api(),
                services.tokenStore(),
                new OwnerLock(services.tokenStore(), services.accessTokens(), services.api()));
    }

    /**
     * Created on first use rather than at class initialisation, so a SnapStart snapshot taken before
     * any login holds no generator; the platform {@code SecureRandom} (NativePRNG) also mixes in
     * {@code /dev/urandom} on every call, which keeps restored copies of one snapshot apart.
     */
    private static final class Randomness {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    private static SecureRandom random() {
        return Randomness.INSTANCE;
    }

    /**
     * The exact redirect URI: SPOTIFY_REDIRECT_URI, else (inside Lambda) this API's own domain as API
     * Gateway reports it in {@code requestContext.domainName}. Nothing else from the request is used.
     */
    public Optional<URI> redirectUri(HttpRequest request) {
        if (settings.redirectUri().isPresent()) {
            return settings.redirectUri();
        }
        return request.domainName()
                .filter(domain -> API_DOMAIN.matcher(domain).matches())
                .map(domain -> URI.create("https://" + domain + Route.CALLBACK.path()));
    }

    /** Where to send the browser, and the cookie that binds this login to it. */
    public record LoginStart(URI authorizeUri, String setCookie) {
        @Override
        public String toString() {
            return "LoginStart[authorize=" + authorizeUri.getHost() + "]";
        }
    }

    /** Starts a login: a fresh state and PKCE verifier, sealed into the cookie, the challenge sent to Spotify. */
    public LoginStart login(URI redirectUri) {
        String state = newState();
        String verifier = Pkce.newVerifier(random());
        String cookie = loginCookie.seal(new LoginCookie.Contents(state, verifier, clock.instant()));
        URI authorize = accounts.authorizeUri(redirectUri, settings.scopes(), state, Pkce.challenge(verifier));
        Log.info("connect.login");
        return new LoginStart(authorize, LoginCookie.setCookie(cookie, isHttps(redirectUri)));
    }

    /** Checks the callback, exchanges the code and stores the tokens; logs one line with the outcome. */
    public CallbackOutcome callback(HttpRequest request, URI redirectUri) {
        CallbackOutcome outcome = handle(request, redirectUri);
        Log.info("connect.callback", "outcome", outcome.label().logName());
        return outcome;
    }

    private CallbackOutcome handle(HttpRequest request, URI redirectUri) {
        for (String name : SINGLE_VALUED) {
            List<String> values = request.queryValues(name);
            if (values.size() > 1 || (!values.isEmpty() && values.get(0).length() > MAX_PARAMETER_LENGTH)) {
                return rejected(Reason.INVALID_REQUEST, "repeated or oversized parameter " + name);
            }
        }
        Optional<String> state = request.query("state").filter(s -> !s.isEmpty());
        if (state.isEmpty()) {
            return rejected(Reason.INVALID_REQUEST, "no state");
        }
        return withMatchingLogin(request, state.get(), login -> afterLogin(request, redirectUri, login));
    }

    /** The callback of a login this browser started: Spotify's denial, or the code to exchange. */
    private CallbackOutcome afterLogin(HttpRequest request, URI redirectUri, LoginCookie.Contents login) {
        Optional<String> error = request.query("error");
        if (error.isPresent()) {
            // Spotify's own answer to this browser's login (RFC 6749 §4.1.2.1): the owner may simply have
            // pressed Cancel. Checked after the state, so nobody else can put text on this page or end a login.
            return new Denied(error.get(), request.query("error_description").orElse(null));
        }
        Optional<String> code = request.query("code").filter(s -> !s.isEmpty());
        if (code.isEmpty()) {
            return rejected(Reason.INVALID_REQUEST, "no code");
        }
        String stateHash = sha256Hex(login.state());
        OwnerLock.Owner owner;
        try {
            TokenState stored = tokenStore.readFresh().orElseGet(TokenState::empty);
            if (alreadyUsed(stored, stateHash, login.issuedAt())) {
                return new NotConnected(Reason.REPLAYED_STATE);
            }
            owner = owner(stored);
        } catch (TokenStoreException e) {
            return storeFailed(e);
        } catch (SpotifyException e) {
            Log.warn("connect.owner_unknown", "kind", e.kind(), "status", e.status());
            return new NotConnected(Reason.SPOTIFY_UNAVAILABLE);
        }
        return exchangeAndStore(code.get(), redirectUri, login, stateHash, owner);
    }

    /**
     * The account that may connect: SPOTIFY_OWNER_ID, else the stored token's owner, resolved before
     * the code is exchanged so that a seeded token's owner is recorded before any login can replace it.
     */
    private OwnerLock.Owner owner(TokenState stored) {
        if (settings.ownerId().isPresent()) {
            return new OwnerLock.Known(settings.ownerId().get());
        }
        return ownerLock.ownerOf(stored);
    }

    /**
     * Continues with the login this browser started, if its cookie is valid and carries {@code state};
     * else the rejection.
     */
    private CallbackOutcome withMatchingLogin(
            HttpRequest request, String state, Function<LoginCookie.Contents, CallbackOutcome> next) {
        Optional<String> cookieValue = request.cookie(LoginCookie.NAME).filter(s -> !s.isEmpty());
        if (cookieValue.isEmpty()) {
            return rejected(Reason.MISSING_COOKIE, "no login cookie");
        }
        return loginCookie
                .open(cookieValue.get(), clock.instant())
                .fold(
                        login -> LoginCookie.sameSecret(login.state(), state)
                                ? next.apply(login)
                                : rejected(Reason.INVALID_STATE, "state differs from the cookie"),
                        rejection -> rejected(
                                switch (rejection) {
                                    case EXPIRED, FROM_THE_FUTURE -> Reason.EXPIRED_STATE;
                                    case MALFORMED, FORGED -> Reason.INVALID_STATE;
                                },
                                rejection.name().toLowerCase(Locale.ROOT)));
    }

    private CallbackOutcome exchangeAndStore(
            String code, URI redirectUri, LoginCookie.Contents login, String stateHash, OwnerLock.Owner owner) {
        TokenResponse tokens;
        SpotifyUser user;
        try {
            tokens = accounts.exchangeCode(code, redirectUri, login.codeVerifier());
            if (tokens.refreshToken() == null || tokens.refreshToken().isEmpty()) {
                Log.warn("connect.exchange_failed", "kind", "no_refresh_token");
                return new NotConnected(Reason.SPOTIFY_UNAVAILABLE);
            }
            user = api.me(tokens.accessToken());
        } catch (InvalidGrantException e) {
            return new NotConnected(Reason.CODE_REJECTED);
        } catch (InvalidClientException e) {
            Log.error("connect.exchange_failed", "kind", e.kind(), "status", e.status());
            return new NotConnected(Reason.MISCONFIGURED);
        } catch (OAuthErrorException e) {
            Log.warn("connect.exchange_failed", "kind", e.kind(), "error", e.error(), "status", e.status());
            return new SpotifyRefused(e.error());
        } catch (ForbiddenException e) {
            Log.warn("connect.profile_forbidden", "status", e.status(), "kind", e.kind());
            if (e.forbiddenCause() == ForbiddenException.Cause.PREMIUM_REQUIRED) {
                Log.metric(Metric.PREMIUM_REQUIRED, 1, "route", Route.CALLBACK.key());
                return new NotConnected(Reason.PREMIUM_REQUIRED);
            }
            return new NotConnected(Reason.PROFILE_FORBIDDEN);
        } catch (SpotifyException e) {
            Log.warn("connect.exchange_failed", "kind", e.kind(), "status", e.status());
            return new NotConnected(Reason.SPOTIFY_UNAVAILABLE);
        }

        if (owner instanceof OwnerLock.Known known && !known.id().equals(user.id())) {
            return new WrongOwner(user);
        }
        Instant now = clock.instant();
        TokenState connected;
        try {
            connected = tokenStore.update(current -> {
                // Checked again on the fresh state being written over: another callback may have won meanwhile.
                if (current.ownedByAnotherThan(user.id())) {
                    throw new Refused(new WrongOwner(user));
                }
                if (alreadyUsed(current, stateHash, login.issuedAt())) {
                    throw new Refused(new NotConnected(Reason.REPLAYED_STATE));
                }
                return current.withConnection(tokens, user, now).with(LOGIN_STATE_HASH, stateHash);
            });
        } catch (Refused refused) {
            return refused.outcome;
        } catch (TokenStoreException e) {
            return storeFailed(e);
        }
        return new Connected(user, connected.missingScopes().orElse(List.of()), owner instanceof OwnerLock.Unclaimed);
    }

    /**
     * The state that last connected, or a login started before the last connect: such a callback is
     * refused without asking Spotify, whatever Spotify would say about the code.
     */
    private static boolean alreadyUsed(TokenState stored, String stateHash, Instant issuedAt) {
        boolean sameState = stored.text(LOGIN_STATE_HASH)
                .map(hash -> MessageDigest.isEqual(
                        hash.getBytes(StandardCharsets.US_ASCII), stateHash.getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
        boolean startedBeforeLastConnect =
                stored.authorizedAt().map(issuedAt::isBefore).orElse(false);
        return sameState || startedBeforeLastConnect;
    }

    private static CallbackOutcome rejected(Reason reason, String why) {
        Log.info("connect.callback_rejected", "reason", why);
        return new NotConnected(reason);
    }

    private static CallbackOutcome storeFailed(TokenStoreException e) {
        Log.error("connect.store_failed", "error", e.getMessage());
        return new NotConnected(Reason.STORE_FAILED);
    }

    private static String newState() {
        byte[] bytes = new byte[32];
        random().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** Aborts a token-state write from inside the read-modify-write. */
    private static final class Refused extends RuntimeException {
        private final CallbackOutcome outcome;

        Refused(CallbackOutcome outcome) {
            super(outcome.label().logName(), null, false, false);
            this.outcome = outcome;
        }
    }
}
