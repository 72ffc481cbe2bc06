package io.nowplaying.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowplaying.simulator.Endpoint;
import io.nowplaying.simulator.SpotifySimulator;
import io.nowplaying.testing.Fixtures;
import io.nowplaying.testing.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Benchmark part 1: the now-playing function's cold path in a fresh JVM under the Lambda runtime
 * interface client, next to the Node.js reference doing the same work, runs interleaved.
 */
final class ColdStartSection {
    static final String TOKEN_STATE_EXPIRED = "{\"refresh_token\":\"bench-refresh-token\","
            + "\"access_token\":\"bench-expired-access-token\",\"access_token_expires_at\":\"2020-01-01T00:00:00Z\","
            + "\"scope\":\"user-read-currently-playing user-read-recently-played\","
            + "\"authorized_at\":\"2026-11-01T00:00:00Z\"}";
    static final String CREDENTIALS = "{\"client_id\":\"bench-client-id\",\"client_secret\":\"bench-client-secret\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One way of starting the function; {@code training}, if any, runs once before the measured runs.
     * {@code query} is the now-playing request's query string ({@code ""}: the JSON of events/now-playing.json).
     */
    record Variant(
            String name,
            String description,
            boolean reference,
            ColdStart.Launch launch,
            ColdStart.Launch training,
            Path trainingOutput,
            String query) {
        Variant(String name, String description, boolean reference, ColdStart.Launch launch) {
            this(name, description, reference, launch, null, null, "");
        }

        Variant(
                String name,
                String description,
                boolean reference,
                ColdStart.Launch launch,
                ColdStart.Launch training,
                Path trainingOutput) {
            this(name, description, reference, launch, training, trainingOutput, "");
        }

        /** events/now-playing.json with this variant's query string. */
        byte[] event() throws IOException {
            ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.event("now-playing.json"));
            if (!query.isEmpty()) {
                event.put("rawQueryString", query);
                ObjectNode parameters = event.putObject("queryStringParameters");
                for (String pair : query.split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    parameters.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
                }
            }
            return JSON.writeValueAsBytes(event);
        }
    }

    record Summary(
            Variant variant,
            List<ColdStart.Run> runs,
            double wallMillis,
            double cpuMillis,
            double peakRssMiB,
            String status,
            long tokenCallsPerRun,
            long currentlyPlayingCallsPerRun,
            double firstRequestMillis,
            double firstRequestCpuMillis) {}

    private final Path root;
    private final Path work;
    private final MotoServer moto;
    private final SpotifySimulator spotify;
    private final String credentialsSecret;
    private final String tokenSecret;
    private final String handler;
    private String census = "";

    ColdStartSection(Path root, Path work, MotoServer moto, SpotifySimulator spotify) throws IOException {
        this.root = root;
        this.work = work;
        this.moto = moto;
        this.spotify = spotify;
        this.credentialsSecret = moto.createSecret("bench-credentials", CREDENTIALS);
        this.tokenSecret = moto.createSecret("bench-token", TOKEN_STATE_EXPIRED);
        this.handler = handlerOf(root.resolve("template.yaml"), "NowPlayingFunction");
    }

    /** What {@link ClassCensus} found in the last {@link #measure}. */
    String census() {
        return census;
    }

    String credentialsSecret() {
        return credentialsSecret;
    }

    String tokenSecret() {
        return tokenSecret;
    }

    String handler() {
        return handler;
    }

    /** The simulator's Web API, for stand-ins in front of it. */
    java.net.URI spotifyApi() {
        return spotify.apiUri();
    }

    /** The {@code Handler:} of a function in template.yaml, as Lambda reads it. */
    static String handlerOf(Path template, String logicalId) throws IOException {
        String yaml = Files.readString(template);
        Matcher m = Pattern.compile("(?m)^  " + logicalId + ":\\n(?:(?!^  \\S).*\\n)*?\\s+Handler:\\s*(\\S+)")
                .matcher(yaml);
        if (!m.find()) {
            throw new IllegalStateException("no Handler for " + logicalId + " in " + template);
        }
        return m.group(1);
    }

    /** The environment Lambda and template.yaml give the function, pointed at the local stand-ins. */
    Map<String, String> environment(Path taskRoot, String handlerName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handlerName);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "NowPlayingFunction");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/NowPlayingFunction");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/29/[$LATEST]bench");
        env.put("AWS_REGION", MotoServer.REGION);
        env.put("AWS_DEFAULT_REGION", MotoServer.REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_SESSION_TOKEN", "testing");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint().toString());
        env.put("SPOTIFY_CREDENTIALS_SECRET", credentialsSecret);
        env.put("SPOTIFY_TOKEN_SECRET", tokenSecret);
        env.put("SPOTIFY_TOKEN_URL", spotify.tokenUri().toString());
        env.put("SPOTIFY_API_URL", spotify.apiUri().toString());
        env.put("ALLOWED_ORIGINS", "https://example.com");
        return env;
    }

    /**
     * Runs every variant {@code runs} times, interleaved (variant order rotates each round), resetting
     * the token secret to an expired access token before each run so every cold start refreshes.
     */
    List<Summary> measure(List<Variant> variants, int runs) throws IOException, InterruptedException {
        Map<Variant, List<ColdStart.Run>> results = new LinkedHashMap<>();
        Map<Variant, long[]> calls = new HashMap<>();
        Map<Variant, ColdStart.Launch> launches = new LinkedHashMap<>();
        for (Variant variant : variants) {
            results.put(variant, new ArrayList<>());
            calls.put(variant, new long[2]);
            launches.put(variant, variant.launch());
            if (variant.training() != null) {
                Files.deleteIfExists(variant.trainingOutput());
                moto.putSecretValue(tokenSecret, TOKEN_STATE_EXPIRED);
                ColdStart.run(variant.training(), variant.event());
                if (!Files.exists(variant.trainingOutput())) {
                    throw new IllegalStateException(
                            "the training run of " + variant.name() + " wrote no " + variant.trainingOutput() + "; see "
                                    + variant.training().log());
                }
                System.out.println("  trained " + variant.name() + ": " + cold(variant.trainingOutput()));
            }
        }
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((i + round) % variants.size());
                moto.putSecretValue(tokenSecret, TOKEN_STATE_EXPIRED);
                spotify.resetCalls();
                ColdStart.Run run = ColdStart.run(launches.get(variant), variant.event());
                if (statusOf(run.response()).equals("HTTP 500")
                        || statusOf(run.response()).equals("not JSON")) {
                    throw new IllegalStateException(variant.name() + " failed the cold path: " + run.response()
                            + "; see " + launches.get(variant).log());
                }
                results.get(variant).add(run);
                calls.get(variant)[0] = Math.max(calls.get(variant)[0], spotify.calls(Endpoint.TOKEN));
                calls.get(variant)[1] = Math.max(calls.get(variant)[1], spotify.calls(Endpoint.CURRENTLY_PLAYING));
                System.out.printf(
                        Locale.ROOT,
                        "  cold %-34s run %d: %6.0f ms wall, %5d ms CPU, %4d MiB peak RSS, %s%n",
                        variant.name(),
                        round + 1,
                        run.wallMillis(),
                        run.cpuMillis(),
                        run.peakRssKiB() / 1024,
                        statusOf(run.response()));
            }
        }
        StringBuilder censuses = new StringBuilder();
        for (Variant variant : variants) {
            if (variant.reference()) {
                continue;
            }
            Path classLog = work.resolve(variant.name() + "-classes.log");
            Files.deleteIfExists(classLog);
            moto.putSecretValue(tokenSecret, TOKEN_STATE_EXPIRED);
            ColdStart.run(ClassCensus.withClassLog(variant.launch(), classLog), variant.event());
            censuses.append(censuses.length() == 0 ? "" : "\n- ")
                    .append(ClassCensus.markdown(variant.name(), classLog).trim());
        }
        census = censuses.toString();

        List<Summary> summaries = new ArrayList<>();
        for (Map.Entry<Variant, List<ColdStart.Run>> entry : results.entrySet()) {
            List<ColdStart.Run> list = entry.getValue();
            summaries.add(new Summary(
                    entry.getKey(),
                    list,
                    Stats.median(list, ColdStart.Run::wallMillis),
                    Stats.median(list, ColdStart.Run::cpuMillis),
                    Stats.median(list, r -> r.peakRssKiB() / 1024.0),
                    statusOf(list.get(list.size() - 1).response()),
                    calls.get(entry.getKey())[0],
                    calls.get(entry.getKey())[1],
                    Stats.median(list, ColdStart.Run::firstRequestMillis),
                    Stats.median(list, ColdStart.Run::firstRequestCpuMillis)));
        }
        return summaries;
    }

    private static String cold(Path file) throws IOException {
        return String.format(Locale.ROOT, "%s, %.1f MB", file.getFileName(), Files.size(file) / 1e6);
    }

    static String statusOf(String response) {
        try {
            JsonNode json = JSON.readTree(response);
            return "HTTP " + json.path("statusCode").asText("?");
        } catch (IOException e) {
            return "not JSON";
        }
    }

    /** Lambda unzips the deployment jar into {@code /var/task}; so does this, into {@code work/task/<name>}. */
    static Path explode(Path jar, Path target) throws IOException {
        if (Files.exists(target)) {
            try (var paths = Files.walk(target)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("bad entry " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    Path root() {
        return root;
    }

    Path work() {
        return work;
    }
}
