package io.nowplaying.nowplaying;

import io.nowplaying.core.config.Config;
import io.nowplaying.core.config.Setting;
import io.nowplaying.core.log.Log;
import io.nowplaying.core.runtime.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches album art for the SVG card as a {@code data:} URI, so the card needs no third-party
 * request (GitHub's image proxy and the card's CSP allow none). Only URLs under one configured
 * prefix (Spotify's image CDN by default) are fetched, within a total time budget and a size cap;
 * anything else yields nothing and the card shows a placeholder.
 */
public final class AlbumArt {
    public static final String DEFAULT_URL_PREFIX =
            Setting.ALBUM_ART_URL_PREFIX.defaultValue().orElseThrow();
    public static final int MAX_BYTES = 256 * 1024;

    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final int CACHED_IMAGES = 16;

    private final URI prefix;
    private final Duration budget;
    private final Map<String, String> cache = new LinkedHashMap<>(CACHED_IMAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHED_IMAGES;
        }
    };
    private volatile HttpClient client;

    /**
     * @param prefix only image URLs with this scheme, host, port and path prefix are fetched; https,
     *     or http on a loopback address (tests)
     */
    public AlbumArt(String prefix, Duration budget) {
        this.prefix = parsePrefix(prefix);
        this.budget = budget;
    }

    /** From {@link Setting#ALBUM_ART_URL_PREFIX} and {@link Setting#ALBUM_ART_TIMEOUT_MS}. */
    public static AlbumArt from(Config config) {
        return new AlbumArt(
                config.get(Setting.ALBUM_ART_URL_PREFIX).toString(), config.get(Setting.ALBUM_ART_TIMEOUT_MS));
    }

    /** The image as {@code data:image/...;base64,...}, or empty when not allowed, too slow, too big or not an image. */
    public Optional<String> dataUri(String url) {
        if (url == null || !allowed(url)) {
            return Optional.empty();
        }
        synchronized (cache) {
            String known = cache.get(url);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Optional<String> fetched = fetch(URI.create(url));
        fetched.ifPresent(dataUri -> {
            synchronized (cache) {
                cache.put(url, dataUri);
            }
        });
        return fetched;
    }

    /** Whether {@code url} lies under the configured prefix (same scheme, host and port; no user info). */
    public boolean allowed(String url) {
        URI uri;
        try {
            uri = new URI(url).normalize();
        } catch (URISyntaxException e) {
            return false;
        }
        if (!uri.isAbsolute()
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme().equalsIgnoreCase(prefix.getScheme())
                && uri.getHost().equalsIgnoreCase(prefix.getHost())
                && port(uri) == port(prefix)
                && !path.contains("/../")
                && path.startsWith(prefix.getRawPath());
    }

    private Optional<String> fetch(URI uri) {
        Duration budget = Deadline.cap(this.budget);
        if (budget.toMillis() < 1) {
            return unavailable("timeout");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(budget)
                .header("Accept", "image/*")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> response = client().sendAsync(
                        request,
                        info -> info.statusCode() == 200
                                ? new CappedBody(MAX_BYTES)
                                : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<byte[]> answer;
        try {
            answer = response.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            return unavailable("timeout");
        } catch (ExecutionException e) {
            return unavailable(e.getCause() instanceof TooLarge ? "too_large" : "network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
        if (answer.statusCode() != 200 || answer.body() == null) {
            return unavailable("status_" + answer.statusCode());
        }
        String type = answer.headers()
                .firstValue("Content-Type")
                .orElse("")
                .split(";")[0]
                .trim()
                .toLowerCase(Locale.ROOT);
        if (!IMAGE_TYPES.contains(type)) {
            return unavailable("not_an_image");
        }
        return Optional.of("data:" + type + ";base64," + Base64.getEncoder().encodeToString(answer.body()));
    }

    private static Optional<String> unavailable(String reason) {
        Log.info("album_art.unavailable", "reason", reason);
        return Optional.empty();
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(budget)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                current = client;
            }
        }
        return current;
    }

    private static URI parsePrefix(String raw) {
        return Setting.ALBUM_ART_URL_PREFIX
                .parse(raw.endsWith("/") ? raw : raw + "/")
                .normalize();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Thrown into the response future when an image exceeds the cap. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("image larger than " + MAX_BYTES + " bytes");
        }
    }

    /** Collects a body up to {@code limit} bytes and cancels the download beyond it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (bytes.size() + item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
