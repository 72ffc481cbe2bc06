package io.nowplaying.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * moto's Secrets Manager emulator ({@code python3 -m moto.server}), started once per test JVM on a
 * free loopback port and stopped when the JVM exits. A missing emulator fails the tests that need it
 * with the install command, unless the user opted out (see {@link TestDependency#MOTO}). The Python
 * interpreter is {@code python3}, or {@code $MOTO_PYTHON} when set.
 */
public final class MotoServer {
    public static final String REGION = "us-east-1";
    private static MotoServer instance;
    private static String unavailable;

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The running server; fails (or, opted out, skips) the calling test when moto cannot start. */
    public static synchronized MotoServer get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (IOException | RuntimeException e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            throw TestDependency.MOTO.unavailable(unavailable);
        }
        return instance;
    }

    private static MotoServer start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String python = System.getenv().getOrDefault("MOTO_PYTHON", "python3");
        Process process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log"))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(python + " -m moto.server exited with " + process.exitValue());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection)
                        endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() < 500) {
                    return new MotoServer(process, endpoint);
                }
            } catch (IOException notYet) {
                sleep();
            }
        }
        process.destroy();
        throw new IOException("moto.server did not start within 30 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for this server with fake static credentials. */
    public SecretsManagerClient client() {
        return clientWith(new ExecutionInterceptor() {});
    }

    /**
     * A client for this server whose calls pass through {@code interceptor} (the SDK's own hook), e.g.
     * to count them or to fail them as an unreachable Secrets Manager would.
     */
    public SecretsManagerClient clientWith(ExecutionInterceptor interceptor) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }

    /** Creates a secret with a unique name and returns the name. */
    public String createSecret(String prefix, String value) {
        String name = prefix + "-" + UUID.randomUUID();
        try (SecretsManagerClient client = client()) {
            client.createSecret(b -> {
                b.name(name);
                if (value != null) {
                    b.secretString(value);
                }
            });
        }
        return name;
    }

    public String secretValue(String name) {
        try (SecretsManagerClient client = client()) {
            return client.getSecretValue(b -> b.secretId(name)).secretString();
        }
    }

    public void putSecretValue(String name, String value) {
        try (SecretsManagerClient client = client()) {
            client.putSecretValue(b -> b.secretId(name).secretString(value));
        }
    }

    /** Whether the server process still runs (tests may stop it to simulate an outage). */
    public boolean alive() {
        return process.isAlive();
    }
}
