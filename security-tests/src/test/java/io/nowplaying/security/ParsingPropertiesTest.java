package io.nowplaying.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowplaying.callback.LoginCookie;
import io.nowplaying.core.http.HttpRequest;
import io.nowplaying.core.spotify.CurrentlyPlaying;
import io.nowplaying.core.spotify.PlaybackParser;
import io.nowplaying.nowplaying.NowPlaying;
import io.nowplaying.nowplaying.NowPlayingJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the parsing that faces the internet: query strings, cookies, the sealed login
 * cookie, and the mapping of Spotify's player JSON to the now-playing contract.
 */
class ParsingPropertiesTest {
    /** The keys of every now-playing answer. */
    static final Set<String> CONTRACT_KEYS = Set.of(
            "isPlaying",
            "type",
            "title",
            "artists",
            "album",
            "albumImageUrl",
            "url",
            "progressMs",
            "durationMs",
            "playedAt",
            "source",
            "fetchedAt");

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final LoginCookie COOKIE = new LoginCookie(() -> "property-client-secret", SecureRandom::new);

    private static HttpRequest request(String rawQuery, List<String> cookies) {
        return new HttpRequest("GET", "/", Map.of(), rawQuery, cookies, null, null);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> parameters() {
        Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(40);
        return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void encodedParametersRoundTripAndRepeatedOnesStaySeparate(
            @ForAll("parameters") List<Tuple.Tuple2<String, String>> parameters) {
        List<String> pairs = new ArrayList<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (Tuple.Tuple2<String, String> parameter : parameters) {
            String name = parameter.get1();
            String value = parameter.get2();
            if (name.chars().anyMatch(c -> Character.isSurrogate((char) c))
                    || value.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                continue;
            }
            pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8));
            expected.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        HttpRequest request = request(String.join("&", pairs), List.of());
        assertEquals(expected, request.queryParameters());
    }

    @Property(tries = 1000)
    void anyQueryStringOrCookieHeaderParsesWithoutThrowing(
            @ForAll @StringLength(max = 300) String raw,
            @ForAll @Size(max = 4) List<@StringLength(max = 80) String> cookies) {
        HttpRequest request = request(raw, cookies);
        request.queryParameters().forEach((name, values) -> assertFalse(values.isEmpty()));
        request.cookie("spotify_login");
        request.query("state");
    }

    @Property(tries = 300)
    void aCookieIsFoundAmongOthersAndDisagreeingDuplicatesAreRefused(
            @ForAll("cookieValues") String value, @ForAll("cookieValues") String other) {
        assertEquals(
                value,
                request(null, List.of("a=1; spotify_login=" + value + "; b=2"))
                        .cookie("spotify_login")
                        .orElseThrow());
        assertEquals(
                value,
                request(null, List.of("x=y", "spotify_login=" + value))
                        .cookie("spotify_login")
                        .orElseThrow());
        boolean refused = request(null, List.of("spotify_login=" + value, "spotify_login=" + other))
                .cookie("spotify_login")
                .isEmpty();
        assertEquals(!value.equals(other), refused);
    }

    @Provide
    Arbitrary<String> cookieValues() {
        return Arbitraries.strings()
                .withCharRange('0', 'z')
                .ofMinLength(1)
                .ofMaxLength(60)
                .filter(s -> s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_'));
    }

    @Provide
    Arbitrary<String> ascii() {
        return Arbitraries.strings().withCharRange('!', '~');
    }

    @Property(tries = 300)
    void aSealedLoginOpensToWhatWasSealed(
            @ForAll("ascii") @StringLength(min = 1, max = 255) String state,
            @ForAll("ascii") @StringLength(min = 1, max = 128) String verifier,
            @ForAll @IntRange(min = 0, max = 599) int secondsLater) {
        String sealed = COOKIE.seal(new LoginCookie.Contents(state, verifier, NOW));
        LoginCookie.Opened opened = COOKIE.open(sealed, NOW.plusSeconds(secondsLater));
        if (sealed.length() > 512) {
            assertEquals(
                    LoginCookie.Rejection.MALFORMED,
                    assertInstanceOf(LoginCookie.Opened.Refused.class, opened).rejection(),
                    "longer than any cookie this code sends");
            return;
        }
        assertTrue(opened.valid(), String.valueOf(opened));
        assertEquals(
                state,
                assertInstanceOf(LoginCookie.Opened.Valid.class, opened)
                        .contents()
                        .state());
        assertEquals(
                verifier,
                assertInstanceOf(LoginCookie.Opened.Valid.class, opened)
                        .contents()
                        .codeVerifier());
        assertEquals(
                NOW,
                assertInstanceOf(LoginCookie.Opened.Valid.class, opened)
                        .contents()
                        .issuedAt());
    }

    @Provide
    Arbitrary<Character> base64UrlCharacters() {
        return Arbitraries.of(BASE64URL.chars().mapToObj(c -> (char) c).toList());
    }

    /**
     * Any other base64url character at any position of a sealed login is refused, including a last
     * character that differs only in bits the encoding does not use (the value is not the canonical
     * encoding of any cookie this code sent).
     */
    @Property(tries = 1000)
    void anyChangedCharacterOfASealedLoginIsRefused(
            @ForAll("ascii") @StringLength(min = 1, max = 64) String state,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll("base64UrlCharacters") char replacement) {
        String sealed = COOKIE.seal(new LoginCookie.Contents(state, "v".repeat(43), NOW));
        int at = position % sealed.length();
        Assume.that(sealed.charAt(at) != replacement);
        String changed = sealed.substring(0, at) + replacement + sealed.substring(at + 1);
        LoginCookie.Opened opened = COOKIE.open(changed, NOW);
        assertFalse(opened.valid(), "a changed cookie opened");
        Statistics.collect(
                assertInstanceOf(LoginCookie.Opened.Refused.class, opened).rejection());
    }

    /**
     * Any change to the sealed bytes after the version byte, canonically encoded again, reaches the
     * AES-GCM tag check and is refused there as forged.
     */
    @Property(tries = 1000)
    void anyChangedByteOfASealedLoginFailsTheAuthenticationTag(
            @ForAll("ascii") @StringLength(min = 1, max = 64) String state,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] sealed =
                Base64.getUrlDecoder().decode(COOKIE.seal(new LoginCookie.Contents(state, "v".repeat(43), NOW)));
        int at = 1 + position % (sealed.length - 1);
        sealed[at] ^= (byte) xor;
        String changed = Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        assertEquals(
                LoginCookie.Rejection.FORGED,
                assertInstanceOf(LoginCookie.Opened.Refused.class, COOKIE.open(changed, NOW))
                        .rejection());
    }

    @Property(tries = 1000)
    void anyStringIsRefusedWithoutThrowing(@ForAll @StringLength(max = 700) String value) {
        assertFalse(COOKIE.open(value, NOW).valid());
    }

    @Property(tries = 1000)
    void anySpotifyShapedBodyMapsToTheFullContractOrIsRefusedAsMalformed(@ForAll long seed) {
        JsonNode body = SpotifyShapedJson.currentlyPlaying(seed);
        CurrentlyPlaying playing;
        try {
            playing = PlaybackParser.currentlyPlaying(body);
        } catch (IllegalArgumentException malformed) {
            return;
        }
        JsonNode json = NowPlayingJson.toJson(NowPlaying.from(playing, NOW));
        Set<String> keys = new java.util.HashSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(CONTRACT_KEYS, keys, json.toString());
        assertTrue(json.get("artists").isArray());
        assertTrue(json.get("isPlaying").isBoolean());
    }

    @Property(tries = 1000)
    void anySpotifyShapedHistoryMapsOrIsRefusedAsMalformed(@ForAll long seed) {
        try {
            PlaybackParser.recentlyPlayed(SpotifyShapedJson.recentlyPlayed(seed))
                    .ifPresent(recent -> assertEquals(
                            CONTRACT_KEYS.size(),
                            NowPlayingJson.toJson(NowPlaying.from(recent, NOW)).size()));
        } catch (IllegalArgumentException malformed) {
            // the only failure allowed: answered as spotify-unavailable
        }
    }
}
