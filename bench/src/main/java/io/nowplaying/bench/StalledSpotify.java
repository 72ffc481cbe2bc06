package io.nowplaying.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Spotify that does not answer in time, on a loopback port, for the time-budget section: every
 * request to it (accounts and Web API alike) meets the same {@link Stall}.
 */
final class StalledSpotify implements AutoCloseable {
    /** How Spotify fails to answer. */
    enum Stall {
        SILENT("accepts the connection and never answers"),
        SLOW_503("answers 503 after 2.9 s, just inside the functions' 3 s HTTP timeout"),
        DRIP("sends status and headers at once, then the body one byte a second for 20 s");

        final String description;

        Stall(String description) {
            this.description = description;
        }
    }

    private static final long SLOW_MS = 2_900;
    private static final int DRIP_BYTES = 20;
    private static final long DRIP_INTERVAL_MS = 1_000;

    private final Stall stall;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stalled-spotify");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private StalledSpotify(Stall stall) throws IOException {
        this.stall = stall;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptLoop);
    }

    static StalledSpotify start(Stall stall) throws IOException {
        return new StalledSpotify(stall);
    }

    Stall stall() {
        return stall;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            switch (stall) {
                case SILENT -> Thread.sleep(Long.MAX_VALUE);
                case SLOW_503 -> {
                    Thread.sleep(SLOW_MS);
                    out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                case DRIP -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + DRIP_BYTES
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (int i = 0; i < DRIP_BYTES; i++) {
                        Thread.sleep(DRIP_INTERVAL_MS);
                        out.write(i < DRIP_BYTES - 2 ? ' ' : i == DRIP_BYTES - 2 ? '{' : '}');
                        out.flush();
                    }
                }
            }
        } catch (SocketException clientLeft) {
            // the function gave up on the request: what the stall is for
        } catch (IOException | InterruptedException ignored) {
            // the benchmark is closing the server
        } finally {
            open.remove(socket);
        }
    }

    /** Reads the request line and headers (the body, if any, is left unread). */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        connections.shutdownNow();
    }
}
