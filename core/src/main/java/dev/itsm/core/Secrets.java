package dev.itsm.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret settings (passwords, API keys, tokens, Kafka's JAAS configuration) given by reference instead of by value,
 * so they stay out of configuration files, program arguments and the Flink web UI:
 *
 * <ul>
 *   <li>{@code ${env:NAME}}: the environment variable {@code NAME} of the process that reads the setting;</li>
 *   <li>{@code ${file:PATH}}: the content of the file (a Docker or Kubernetes secret), without its trailing line
 *       break;</li>
 *   <li>anything else: the value itself.</li>
 * </ul>
 *
 * <pre>{@code
 * String password = Secrets.resolve("elasticsearch.password", conf.get(PASSWORD)); // "${env:ES_PASSWORD}" -> its value
 * }</pre>
 *
 * {@link #isSecret(String)} names the settings whose values are never printed; {@link #masked(Map)} is what a
 * configuration dump shows of them.
 */
public final class Secrets {
    /** What a masked secret shows. */
    public static final String MASK = "******";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    /** Parts of setting names that hold secrets: elasticsearch.password, gateway.tokens.grafana, ...sasl.jaas.config. */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|api-key|apikey|secret|token|jaas|credential).*");

    private Secrets() {
    }

    /** As {@link #resolve(String, String, Map)} with this process's environment. */
    public static String resolve(String key, String value) {
        return resolve(key, value, System.getenv());
    }

    /**
     * The value of a setting that may be a reference; {@code null} stays {@code null}.
     *
     * @param key         the setting's name, for the error message
     * @param environment the environment to look {@code ${env:NAME}} up in
     * @throws IllegalArgumentException when the variable is not set or the file cannot be read (the message names the
     *                                  setting and the reference, never a value)
     */
    public static String resolve(String key, String value, Map<String, String> environment) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return null;
        }
        Matcher reference = REFERENCE.matcher(value.strip());
        if (!reference.matches()) {
            return value;
        }
        String name = reference.group(2).strip();
        if (reference.group(1).equals("env")) {
            String found = environment.get(name);
            if (found == null) {
                throw new IllegalArgumentException(key + " refers to the environment variable " + name + ", which is not set");
            }
            return found;
        }
        try {
            return stripLineBreak(Files.readString(Path.of(name), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + " refers to the file " + name + ", which cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether a value is a reference ({@code ${env:...}} or {@code ${file:...}}) rather than the secret itself. */
    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value.strip()).matches();
    }

    /** Whether the setting holds a secret, judged by its name. */
    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The settings with every secret's value replaced by {@link #MASK}; references are shown, they are not secret. */
    public static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> result = new LinkedHashMap<>();
        settings.forEach((key, value) -> result.put(key, isSecret(key) && !isReference(value) ? MASK : value));
        return result;
    }

    private static String stripLineBreak(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
