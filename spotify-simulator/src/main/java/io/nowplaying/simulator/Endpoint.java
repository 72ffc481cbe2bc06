package io.nowplaying.simulator;

import java.util.Optional;

/** The endpoints the simulator serves, for counting and recording calls. */
public enum Endpoint {
    AUTHORIZE("GET", "/authorize"),
    TOKEN("POST", "/api/token"),
    ME("GET", "/v1/me"),
    CURRENTLY_PLAYING("GET", "/v1/me/player/currently-playing"),
    RECENTLY_PLAYED("GET", "/v1/me/player/recently-played"),
    IMAGE("GET", "/images/");

    private final String method;
    private final String path;

    Endpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The endpoint a request names, if any; images are matched by their folder. */
    static Optional<Endpoint> of(String method, String path) {
        for (Endpoint endpoint : values()) {
            boolean pathMatches = endpoint == IMAGE ? path.startsWith(endpoint.path) : path.equals(endpoint.path);
            if (pathMatches && endpoint.method.equals(method)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }
}
