package io.nowplaying.nowplaying;

import io.nowplaying.core.token.RequiredScopes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A Spotify list read in pages of {@value #PAGE_SIZE}, through two {@link CachedSpotifyRead}s: the
 * first page, which answers nearly every request (one Spotify call per TTL), and a deeper read of up
 * to {@value #MAX_PAGES} pages, made only when a request wants more entries than the first page
 * keeps after hiding (or de-duplicating) and Spotify has more.
 *
 * @param <E> the entry type
 */
final class ListRead<E> {
    /** Spotify's largest {@code limit} for these endpoints. */
    static final int PAGE_SIZE = 50;
    /** The deeper read's bound, so a long run of hidden entries cannot cost unbounded calls. */
    static final int MAX_PAGES = 3;

    /** One page: its entries and the cursor (or offset) of the next page, if Spotify has one. */
    record Page<E>(List<E> entries, Optional<String> next) {}

    /** Fetches the page at {@code cursor} (empty: the first page) with an access token. */
    @FunctionalInterface
    interface PageSource<E> {
        Page<E> page(String accessToken, Optional<String> cursor);
    }

    private final PageSource<E> source;
    private final Predicate<E> hidden;
    private final CachedSpotifyRead<Listing<E>> firstPage;
    private final CachedSpotifyRead<Listing<E>> deeper;

    /**
     * @param requiredScopes the scopes of the list's Spotify calls, for {@link CachedSpotifyRead}; the
     *     caller checks them against the grant once per request
     */
    ListRead(
            CachedSpotifyRead.Shared reads,
            Duration ttl,
            RequiredScopes requiredScopes,
            PageSource<E> source,
            Predicate<E> hidden) {
        this.source = source;
        this.hidden = hidden;
        this.firstPage = new CachedSpotifyRead<>(reads, ttl, requiredScopes, (calls, now) -> read(calls, now, 1));
        this.deeper = new CachedSpotifyRead<>(reads, ttl, requiredScopes, (calls, now) -> read(calls, now, MAX_PAGES));
    }

    /**
     * The list, read deep enough that {@code view} of it has {@code wanted} entries where Spotify has
     * them; when the deeper read fails, the first page's answer.
     */
    SpotifyAnswer<Listing<E>> current(int wanted, UnaryOperator<List<E>> view) {
        SpotifyAnswer<Listing<E>> answer = firstPage.current();
        boolean tooFew = answer.fold(
                body -> body.value().more()
                        && view.apply(body.value().entries()).size() < wanted,
                failed -> false);
        if (!tooFew) {
            return answer;
        }
        SpotifyAnswer<Listing<E>> deep = deeper.current();
        return deep.fold(body -> deep, failed -> answer);
    }

    private Listing<E> read(CachedSpotifyRead.Calls calls, Instant now, int pages) {
        List<E> kept = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int read = 0; read < pages; read++) {
            Optional<String> at = cursor;
            Page<E> page =
                    calls.get(token -> Optional.of(source.page(token, at))).orElseThrow();
            page.entries().stream().filter(hidden.negate()).forEach(kept::add);
            cursor = page.entries().isEmpty() ? Optional.empty() : page.next();
            if (cursor.isEmpty()) {
                break;
            }
        }
        return new Listing<>(kept, cursor.isPresent(), now);
    }
}
