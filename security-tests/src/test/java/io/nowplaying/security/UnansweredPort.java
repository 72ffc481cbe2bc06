package io.nowplaying.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports for network faults: {@link #refusing()} is a port nobody listens on (connection
 * refused at once); {@link #unanswered()} listens but never accepts and has its accept queue filled,
 * so the kernel drops further connection attempts and a client's connect times out.
 */
final class UnansweredPort implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    private UnansweredPort() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                fillers.add(socket);
            } catch (IOException queueFull) {
                socket.close();
                return;
            }
        }
        throw new IOException("the accept queue did not fill: connect timeouts cannot be simulated here");
    }

    static UnansweredPort unanswered() throws IOException {
        return new UnansweredPort();
    }

    static int refusing() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : fillers) {
            socket.close();
        }
        server.close();
    }
}
