package io.nowplaying.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.store.TokenState;
import io.nowplaying.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The setup page in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; no
 * browser download): the widget preview renders the simulated track, then switches to "last played"
 * when the simulated account stops. Screenshots land in {@code target/screenshots/} as CI artifacts.
 */
class BrowserIT {
    private static final String WIDGET_STATE = "const el = document.querySelector('#preview');"
            + "return [el.getAttribute('data-state'), el.getAttribute('data-title'),"
            + " el.shadowRoot.querySelector('.title').textContent, el.shadowRoot.querySelector('.status').textContent];";

    @TempDir
    Path profile;

    @TempDir
    Path workingDir;

    private LocalServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        HeadlessChromium.requireInstalled();

        // Three-second phases: the widget (polling every 5 s) sees the track playing and later stopped within a minute.
        server = LocalServer.start(new LocalServer.Options(
                0,
                Fixtures.repositoryRoot().resolve("template.yaml"),
                workingDir,
                Map.of(),
                false,
                Duration.ofSeconds(3)));

        browser = HeadlessChromium.start(profile, "1280,1700");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSetupPageShowsTheDemoAndTheWidgetFollowsTheSimulatedAccount() throws Exception {
        browser.get(server.baseUri() + "/");

        waitFor(
                "the demo banner",
                () -> browser.findElement(By.id("demo-banner")).isDisplayed());
        assertTrue(browser.findElement(By.id("demo-banner"))
                .getText()
                .contains("DEMO MODE: simulated Spotify, no account needed"));
        assertEquals(
                server.baseUri() + "/api/spotify/login",
                browser.findElement(By.id("connect")).getAttribute("href"));

        List<?> playing = waitForWidget(
                "the simulated track playing",
                state -> "playing".equals(state.get(0)) && DemoSpotify.TRACK_TITLE.equals(state.get(1)));
        assertEquals(DemoSpotify.TRACK_TITLE, playing.get(2), "the title is rendered inside the widget");
        screenshot("setup-page-playing.png");

        List<?> recent = waitForWidget("the last played track", state -> "recent".equals(state.get(0)));
        assertEquals(DemoSpotify.TRACK_TITLE, recent.get(1));
        assertTrue(String.valueOf(recent.get(3)).startsWith("Last played"), "status line: " + recent.get(3));
        screenshot("setup-page.png");
    }

    @Test
    void theSetupPageShowsTheStatusRoutesStateAndTheReauthorizationDate() throws Exception {
        browser.get(server.baseUri() + "/");
        waitFor(
                "the connection state",
                () -> browser.findElement(By.id("status")).getText().contains("Reconnect by"));
        String status = browser.findElement(By.id("status")).getText();
        assertTrue(status.contains("Status\nconnected"), status);
        assertTrue(status.matches("(?s).*\\(18[23] days\\).*"), "the demo account connected just now: " + status);
        assertFalse(status.contains("Action"), "nothing to do while connected: " + status);
    }

    @Test
    void connectSpotifyCompletesOfflineAgainstTheSimulatedAccountsService() throws Exception {
        browser.get(server.baseUri() + "/");
        waitFor(
                "the connect button",
                () -> browser.findElement(By.id("connect")).isDisplayed());
        browser.findElement(By.id("connect")).click();

        waitFor(
                "the connection stored",
                () -> storedRefreshToken().startsWith("demo-refresh-")
                        && !storedRefreshToken().equals(DemoSpotify.REFRESH_TOKEN));
        assertTrue(
                browser.getCurrentUrl().startsWith(server.baseUri().toString()),
                "back on the local server after the simulated consent: " + browser.getCurrentUrl());
        assertFalse(browser.getPageSource().contains(storedRefreshToken()), "the page never shows the refresh token");
        screenshot("connected.png");
    }

    private String storedRefreshToken() {
        try {
            return TokenState.parse(Files.readString(server.tokenFile().orElseThrow()))
                    .refreshToken()
                    .orElse("");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<?> waitForWidget(String what, java.util.function.Predicate<List<?>> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        List<?> state = null;
        while (Instant.now().isBefore(deadline)) {
            state = (List<?>) ((JavascriptExecutor) browser).executeScript(WIDGET_STATE);
            if (wanted.test(state)) {
                return state;
            }
            Thread.sleep(200);
        }
        screenshot("setup-page-failed.png");
        throw new AssertionError(
                "the widget never showed " + what + "; last [state, title, shown title, status]: " + state);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what);
    }

    private void screenshot(String name) {
        HeadlessChromium.screenshot(browser, name);
    }
}
