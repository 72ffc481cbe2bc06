package io.nowplaying.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test bed's own promises, driven through its JUnit callbacks: the captured output still reaches
 * the console (the build's log scan reads it there), a test secret in it fails the test without being
 * named, and each test starts with its own clock, environment and Spotify.
 */
class TestBedTest {
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void redirectTheConsole() {
        originalOut = System.out;
        originalErr = System.err;
        PrintStream stream = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(stream);
        System.setErr(stream);
    }

    @AfterEach
    void restoreTheConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void theOutputIsCapturedAndStillPrinted() {
        TestBed testBed = new TestBed();
        testBed.beforeEach(null);
        System.out.println("{\"event\":\"one\",\"n\":1}");
        System.out.println("not a log line");
        System.err.println("on standard error");
        System.out.println("{\"event\":\"one\",\"n\":2}");

        assertEquals(
                List.of(1, 2),
                testBed.logLines("one").stream().map(l -> l.get("n").asInt()).toList());
        assertTrue(testBed.errors().contains("on standard error"));
        assertFalse(testBed.logs().contains("on standard error"));
        testBed.afterEach(null);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("not a log line"), "still on the console");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("on standard error"));
    }

    @Test
    void aTestSecretInTheOutputFailsTheTestWithoutNamingIt() {
        for (String leaked : List.of(
                TestBed.CLIENT_SECRET,
                "AQDtestRefresh-42",
                TestSecrets.record(TestSecrets.Kind.COOKIE, "recorded-cookie-value-0123"))) {
            TestBed testBed = new TestBed();
            testBed.beforeEach(null);
            System.err.println("{\"event\":\"oops\",\"value\":\"" + leaked + "\"}");
            AssertionError failure = assertThrows(AssertionError.class, () -> testBed.afterEach(null));
            assertFalse(failure.getMessage().contains(leaked), failure.getMessage());
        }
    }

    @Test
    void aValueTheTestForbidsFailsItToo() {
        TestBed testBed = new TestBed();
        testBed.beforeEach(null);
        testBed.forbidInLogs("Private Guilty Pleasure");
        System.out.println("now playing Private Guilty Pleasure");
        AssertionError failure = assertThrows(AssertionError.class, () -> testBed.afterEach(null));
        assertTrue(failure.getMessage().contains("forbidden value number 1"), failure.getMessage());

        testBed.beforeEach(null);
        System.out.println("now playing Private Guilty Pleasure");
        testBed.afterEach(null);
    }

    @Test
    void eachTestOfAClassGetsItsOwnClockAndEnvironmentAndAResetSpotify() {
        TestBed testBed = new TestBed();
        testBed.beforeAll(null);
        testBed.beforeEach(null);
        testBed.clock().advance(Duration.ofHours(1));
        testBed.env("EXTRA", "set by the first test");
        int port = testBed.spotify().port();
        testBed.spotify().stubFor(WireMock.get("/x").willReturn(WireMock.ok()));
        testBed.afterEach(null);

        testBed.beforeEach(null);
        assertEquals(MutableClock.DEFAULT_START, testBed.clock().instant());
        assertFalse(testBed.env().containsKey("EXTRA"));
        assertEquals(port, testBed.spotify().port(), "one Spotify for the class");
        assertTrue(testBed.spotify().getStubMappings().isEmpty(), "its stubs reset");
        testBed.afterEach(null);
        testBed.afterAll(null);

        TestBed perTest = new TestBed();
        perTest.beforeEach(null);
        WireMockServer spotify = perTest.spotify();
        assertEquals(perTest.spotifyUrl() + "/api/token", perTest.env().get("SPOTIFY_TOKEN_URL"));
        perTest.afterEach(null);
        assertFalse(spotify.isRunning(), "registered per test, each test has its own Spotify");
    }
}
