package io.nowplaying.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spotify response fixtures on the classpath ({@code spotify/*.json}) and the repository's {@code events/}. */
public final class Fixtures {
    private Fixtures() {}

    /** A Spotify fixture, e.g. {@code spotify("currently-playing-track.json")}. */
    public static String spotify(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/spotify/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture spotify/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the nearest folder upwards that holds template.yaml. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** An event from {@code events/}, as bytes, e.g. {@code event("now-playing.json")}. */
    public static byte[] event(String name) {
        try {
            return Files.readAllBytes(repositoryRoot().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
