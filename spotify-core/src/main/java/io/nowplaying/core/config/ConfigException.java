package io.nowplaying.core.config;

/** A missing or malformed setting. The message names the variable and never echoes a secret value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
