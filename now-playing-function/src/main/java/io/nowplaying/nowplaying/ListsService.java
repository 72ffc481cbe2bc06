package io.nowplaying.nowplaying;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.privacy.HideRules;
import io.nowplaying.core.spotify.SpotifyApiClient;
import io.nowplaying.core.spotify.TimeRange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The owner's lists ({@link ListKind}): each read once per its TTL at Spotify's page size whatever the
 * requested {@code limit}, with hidden entries left out; a request's view is cut from it. A top list
 * has one read per {@link TimeRange}; recently-played takes no range, so its queries all carry the
 * default one and it has a single read.
 */
public final class ListsService {
    /**
     * What the service is configured with.
     *
     * @param ttl how long each list is reused, from its {@link ListKind#ttl()} setting
     * @param hide what the site never shows ({@link Setting#PRIVACY_HIDE})
     */
    public record Settings(Map<ListKind<?>, Duration> ttl, HideRules hide) {
        public static Settings from(Config config) {
            return new Settings(
                    ListKind.ALL.stream()
                            .collect(Collectors.toMap(Function.identity(), kind -> config.get(kind.ttl()))),
                    config.get(Setting.PRIVACY_HIDE));
        }
    }

    private record Key(ListKind<?> kind, TimeRange range) {}

    private final SpotifyApiClient api;
    private final CachedSpotifyRead.Shared reads;
    private final Settings settings;
    private final Map<Key, ListRead<?>> lists = new ConcurrentHashMap<>();

    public ListsService(SpotifyApiClient api, CachedSpotifyRead.Shared reads, Settings settings) {
        this.api = api;
        this.reads = reads;
        this.settings = settings;
    }

    /** The list of {@code kind} that {@code query} asks for, read deep enough to fill its view. */
    public <E> SpotifyAnswer<Listing<E>> read(ListKind<E> kind, ListQuery query) {
        return list(kind, query.range())
                .current(query.limit(), entries -> kind.view().apply(entries, query));
    }

    @SuppressWarnings("unchecked") // each key's read is made below for the key's kind, so of its entry type
    private <E> ListRead<E> list(ListKind<E> kind, TimeRange range) {
        return (ListRead<E>) lists.computeIfAbsent(
                new Key(kind, range),
                key -> new ListRead<>(
                        reads,
                        settings.ttl().get(kind),
                        kind.requiredScopes(),
                        (token, cursor) -> kind.pages().page(api, range, token, cursor),
                        entry -> kind.hidden().test(settings.hide(), entry)));
    }
}
