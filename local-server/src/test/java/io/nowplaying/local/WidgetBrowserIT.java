package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nowplaying.core.http.Route;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The widget (widget/spotify-now-playing.js) in headless Chromium on a page of another origin than
 * the API, as it is embedded on a site: the local server in demo mode answers through a forwarder
 * that records every request, so the test sees what the browser sends. Screenshots of each theme
 * land in {@code target/screenshots/} ({@link HeadlessChromium}).
 */
class WidgetBrowserIT {
    private static final Path WIDGET = Fixtures.repositoryRoot().resolve("widget");
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "transfer-encoding", "host", "keep-alive", "upgrade", "expect");

    /** A request as the API received it: method, and the If-None-Match header the browser sent, if any. */
    record Received(String method, String ifNoneMatch) {}

    @TempDir
    Path profile;

    @TempDir
    Path workingDir;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer page;
    private HttpServer api;
    private LocalServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        HeadlessChromium.requireInstalled();

        page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page.createContext("/", this::servePage);
        page.setExecutor(executor);
        page.start();
        // The page's origin is allowed as a developer allows a local page: in samconfig.toml's
        // local parameters, next to the template.
        Path template = workingDir.resolve("template.yaml");
        Files.copy(Fixtures.repositoryRoot().resolve("template.yaml"), template);
        Files.writeString(
                workingDir.resolve("samconfig.toml"),
                "version = 0.1\n[default.local_start_api.parameters]\n" + "parameter_overrides = \"AllowedOrigins=\\\""
                        + pageOrigin() + "\\\"\"\n");
        // Long phases: the demo track plays for 20 s of every 80 s.
        server = LocalServer.start(
                new LocalServer.Options(0, template, workingDir, Map.of(), true, Duration.ofSeconds(20)));
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", this::forward);
        api.setExecutor(executor);
        api.start();

        browser = HeadlessChromium.start(profile, "1000,900");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (api != null) {
            api.stop(0);
        }
        if (page != null) {
            page.stop(0);
        }
        executor.shutdownNow();
    }

    private String pageOrigin() {
        return "http://127.0.0.1:" + page.getAddress().getPort();
    }

    private String apiUrl() {
        return "http://127.0.0.1:" + api.getAddress().getPort() + Route.NOW_PLAYING.path();
    }

    @Test
    void eachThemeShowsAProgressBarAndPollingRevalidatesWithoutPreflights() throws Exception {
        emulate("prefers-color-scheme", "light");
        browser.get(pageOrigin() + "/");
        waitForAll("the demo track playing in every widget", "playing");

        assertEquals("rgb(255, 255, 255)", cardBackground("light"));
        assertEquals("rgb(18, 18, 18)", cardBackground("dark"));
        assertEquals("rgb(255, 255, 255)", cardBackground("auto"), "auto follows the light page");
        assertEquals("rgb(255, 85, 0)", script("return getComputedStyle(shadow('accent', '.fill')).backgroundColor;"));
        assertEquals("rgba(0, 0, 0, 0)", cardBackground("transparent"));
        assertEquals("playing", state("idle"), "idle=text shows a playing track as playing");
        assertEquals("1s", script("return getComputedStyle(shadow('light', '.fill')).transitionDuration;"));
        double before = progress("light");
        Thread.sleep(2_500);
        assertTrue(progress("light") > before, "the bar advances locally between polls");
        screenshot("widget-light.png");

        emulate("prefers-color-scheme", "dark");
        assertEquals("rgb(18, 18, 18)", cardBackground("auto"), "auto follows the dark page");
        screenshot("widget-dark.png");

        emulate("prefers-reduced-motion", "reduce");
        assertEquals("0s", script("return getComputedStyle(shadow('light', '.fill')).transitionDuration;"));

        waitForPolls(4);
        List<Received> gets =
                received.stream().filter(r -> r.method().equals("GET")).toList();
        long preflights = received.stream()
                .skip(received.indexOf(gets.get(0)) + 1)
                .filter(r -> r.method().equals("OPTIONS"))
                .count();
        assertEquals(0, preflights, "no preflight after the first poll: " + received);
        assertTrue(
                gets.stream().skip(1).anyMatch(r -> r.ifNoneMatch() != null),
                "the browser revalidates its cached answer itself: " + received);
    }

    private void emulate(String feature, String value) {
        browser.executeCdpCommand(
                "Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", feature, "value", value))));
    }

    private Object script(String body) {
        return ((JavascriptExecutor) browser)
                .executeScript("const shadow = (id, selector) => "
                        + "document.getElementById(id).shadowRoot.querySelector(selector);\n" + body);
    }

    private String cardBackground(String id) {
        return (String) script("return getComputedStyle(shadow('" + id + "', '.card')).backgroundColor;");
    }

    private String state(String id) {
        return (String) script("return document.getElementById('" + id + "').dataset.state;");
    }

    private double progress(String id) {
        return ((Number) script("return Number(shadow('" + id + "', '.bar').getAttribute('aria-valuenow'));"))
                .doubleValue();
    }

    private void waitForAll(String what, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            boolean all = true;
            for (String id : List.of("light", "dark", "auto", "accent", "transparent")) {
                all &= wanted.equals(state(id))
                        && !(Boolean) script("return shadow('" + id + "', '.progress').hidden;");
            }
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
        screenshot("widget-failed.png");
        throw new AssertionError("never saw " + what + "; requests: " + received);
    }

    private void waitForPolls(int gets) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)
                && received.stream().filter(r -> r.method().equals("GET")).count() < gets) {
            Thread.sleep(200);
        }
    }

    /** The test page: one widget per option, polling the API's origin every 5 s. */
    private void servePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith(".js")) {
                Path file = WIDGET.resolve(path.substring(path.lastIndexOf('/') + 1));
                reply(exchange, 200, "text/javascript; charset=utf-8", Files.readAllBytes(file));
                return;
            }
            String src = apiUrl();
            String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>widget</title>"
                    + "<script type=\"module\" src=\"/spotify-now-playing.js\"></script>"
                    + "<style>body{font:16px system-ui;margin:0;padding:16px;display:grid;gap:12px;"
                    + "background:Canvas;color:CanvasText;color-scheme:light dark}</style></head><body>"
                    + widget("light", src, "theme=\"light\"")
                    + widget("dark", src, "theme=\"dark\"")
                    + widget("auto", src, "theme=\"auto\"")
                    + widget("accent", src, "theme=\"light\" accent=\"FF5500\"")
                    + widget("transparent", src, "background=\"transparent\"")
                    + widget("idle", src, "idle=\"text\" progress=\"false\"")
                    + "</body></html>";
            reply(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String widget(String id, String src, String attributes) {
        return "<spotify-now-playing id=\"" + id + "\" src=\"" + src + "\" interval=\"5\" " + attributes
                + "></spotify-now-playing>";
    }

    /** Passes a request on to the local server and records what the browser sent. */
    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new Received(
                    exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("If-None-Match")));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                            server.baseUri() + exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void screenshot(String name) {
        HeadlessChromium.screenshot(browser, name);
    }
}
