package io.nowplaying.core.spotify;

import io.nowplaying.core.runtime.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that talks HTTP to Spotify. {@link HttpURLConnection} keeps the cold path small;
 * every call has a connect and a read timeout, and responses are capped in size. The read timeout
 * bounds each read, not the whole body, so within an invocation's {@link Deadline} the body is read
 * with the timeout shortened to the time left before every read, and reading stops at the deadline:
 * a body that trickles in cannot outlast the invocation.
 */
public final class SpotifyHttp {
    private static final int MAX_BODY_BYTES = 1 << 20;
    /** A call with less time left than this is not started. */
    private static final Duration MIN_CALL_TIME = Duration.ofMillis(50);

    static {
        // HttpURLConnection silently re-sends a POST after some network errors; a code exchange must never be replayed.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final int timeoutMillis;

    public SpotifyHttp(Duration timeout) {
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** A response; header names are case-insensitive. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends one request. Any network failure, timeout or oversized body is a
     * {@link SpotifyUnavailableException}; {@code connectFailed} on it tells whether the request left.
     */
    public Response send(String method, URI uri, Map<String, String> headers, byte[] body) {
        if (!Deadline.allows(MIN_CALL_TIME)) {
            throw new NetworkFailure("no time left in this invocation's budget for a call to Spotify", null, true);
        }
        HttpURLConnection connection = null;
        boolean connected = false;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(timeoutWithinDeadline());
            connection.setReadTimeout(timeoutWithinDeadline());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                connection.setDoOutput(true);
            }
            connection.connect();
            connected = true;
            connection.setReadTimeout(timeoutWithinDeadline());
            if (body != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            Map<String, String> responseHeaders = new TreeMap<>();
            for (Map.Entry<String, List<String>> header :
                    connection.getHeaderFields().entrySet()) {
                if (header.getKey() != null && !header.getValue().isEmpty()) {
                    responseHeaders.put(
                            header.getKey().toLowerCase(Locale.ROOT),
                            header.getValue().get(0));
                }
            }
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(status, responseHeaders, readCapped(connection, stream));
        } catch (SocketTimeoutException e) {
            throw new NetworkFailure(
                    connected ? "Spotify did not answer in time" : "Spotify connect timeout", e, !connected);
        } catch (IOException e) {
            throw new NetworkFailure("Spotify unreachable: " + e.getClass().getSimpleName(), e, !connected);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The configured timeout, or less when the invocation's {@link Deadline} is nearer. */
    private int timeoutWithinDeadline() {
        return (int) Math.max(1, Deadline.cap(Duration.ofMillis(timeoutMillis)).toMillis());
    }

    private byte[] readCapped(HttpURLConnection connection, InputStream stream) throws IOException {
        if (stream == null) {
            return new byte[0];
        }
        try (InputStream in = stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = readWithinDeadline(connection, in, buffer)) != -1) {
                if (out.size() + read > MAX_BODY_BYTES) {
                    throw new IOException("response larger than " + MAX_BODY_BYTES + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    private int readWithinDeadline(HttpURLConnection connection, InputStream in, byte[] buffer) throws IOException {
        if (Deadline.remaining().filter(Duration::isZero).isPresent()) {
            throw new SocketTimeoutException("the invocation's deadline passed while the body was read");
        }
        connection.setReadTimeout(timeoutWithinDeadline());
        return in.read(buffer);
    }

    /** A network-level failure; {@link #beforeSending()} is true when the request never reached Spotify. */
    public static final class NetworkFailure extends RuntimeException {
        private final boolean beforeSending;

        NetworkFailure(String message, Throwable cause, boolean beforeSending) {
            super(message, cause);
            this.beforeSending = beforeSending;
        }

        public boolean beforeSending() {
            return beforeSending;
        }

        public SpotifyUnavailableException toUnavailable() {
            return new SpotifyUnavailableException(0, getMessage(), this);
        }
    }
}
