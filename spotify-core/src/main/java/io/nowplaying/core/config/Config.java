package io.nowplaying.core.config;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The configuration shared by the three functions, the local server and the tests: every
 * {@link Setting} read once at init, validated, and failing fast with a message that names the
 * variable (never its value when the value is a secret); then read by key with {@link #get}.
 */
public final class Config {
    private final Map<Setting<?>, Object> values = new IdentityHashMap<>();

    private Config(Map<String, String> env) {
        for (Setting<?> setting : Setting.values()) {
            values.put(setting, setting.value(env));
        }
        for (Setting.Requirement requirement : Setting.REQUIREMENTS) {
            if (requirement.alternatives().stream()
                    .noneMatch(all -> all.stream().allMatch(s -> get(s).isPresent()))) {
                throw new ConfigException(requirement.unmet());
            }
        }
    }

    /** Reads and validates the process environment. */
    public static Config fromEnvironment() {
        return from(Setting.processEnvironment());
    }

    /** Reads and validates the given variables, e.g. a test's or the local server's. */
    public static Config from(Map<String, String> env) {
        return new Config(env);
    }

    /** The setting's value: its type says whether it may be absent. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }
}
