package io.nowplaying.testing;

import org.opentest4j.TestAbortedException;

/**
 * Installed programs some tests talk to. A missing one fails those tests with the command that
 * installs it, unless the user opts out with its skip property ({@code -Dmoto.skip=true},
 * {@code -Dbrowser.skip=true}); then the tests are aborted with {@link Skipped}, {@link
 * SkippedTestsListener} lists their classes in {@code target/skipped-tests.txt}, and the build prints
 * that list on the console ({@code .ci/report-skipped.sh}, bound to the {@code verify} phase).
 */
public enum TestDependency {
    MOTO("moto's Secrets Manager server (python3 -m moto.server)", "pip install 'moto[server]'", "moto.skip"),
    CHROMIUM(
            "Chromium and chromedriver (/usr/bin/chromium, /usr/bin/chromedriver)",
            "apt-get install chromium chromium-driver",
            "browser.skip");

    private final String what;
    private final String install;
    private final String skipProperty;

    TestDependency(String what, String install, String skipProperty) {
        this.what = what;
        this.install = install;
        this.skipProperty = skipProperty;
    }

    /** The property that opts out of the tests needing this dependency. */
    public String skipProperty() {
        return skipProperty;
    }

    /**
     * Ends the calling test because this dependency is unavailable: a failure naming the install
     * command, or, when the user opted out, an abort that the build reports as skipped.
     *
     * @param reason why it is unavailable
     */
    public RuntimeException unavailable(String reason) {
        String message = what + " is not available (" + reason + ")";
        if (Boolean.getBoolean(skipProperty)) {
            throw new Skipped(this, message + "; skipped because -D" + skipProperty + "=true");
        }
        throw new IllegalStateException(
                message + ". Install it with: " + install + " (or skip these tests with -D" + skipProperty + "=true)");
    }

    /** A test aborted because the user opted out of a missing dependency. */
    public static final class Skipped extends TestAbortedException {
        private static final long serialVersionUID = 1L;
        private final TestDependency dependency;

        Skipped(TestDependency dependency, String message) {
            super(message);
            this.dependency = dependency;
        }

        public TestDependency dependency() {
            return dependency;
        }
    }
}
