package io.nowplaying.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The setup page and the widget, served from the classpath (the build copies {@code widget/} into the
 * jar). Only plain file names inside the two folders are served, so no path can climb out of them.
 */
final class StaticFiles {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    record File(String contentType, byte[] content) {}

    private StaticFiles() {}

    /** The file for a request path such as {@code /widget/spotify-now-playing.js}; empty for anything else. */
    static Optional<File> forPath(String path) {
        if (path.equals("/")) {
            return load("setup", "index.html");
        }
        for (String folder : new String[] {"setup", "widget"}) {
            String prefix = "/" + folder + "/";
            if (path.startsWith(prefix)) {
                return load(folder, path.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<File> load(String folder, String name) {
        if (!FILE_NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream("/" + folder + "/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new File(TYPES.get(extension), in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
