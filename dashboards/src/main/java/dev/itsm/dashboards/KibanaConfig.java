package dev.itsm.dashboards;

import java.net.URI;

/**
 * Where Kibana is and how to log in.
 *
 * @param url      Kibana's base URL, e.g. {@code http://localhost:5601}, or a space's, {@code http://kibana:5601/s/noc}
 * @param username basic-authentication user, or null
 * @param password its password, or null
 * @param apiKey   an encoded API key (replaces basic authentication), or null
 */
public record KibanaConfig(String url, String username, String password, String apiKey) {

    public KibanaConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the Kibana URL is empty");
        }
        url = url.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("the Kibana URL '" + url + "' must look like http://host:5601 or https://host:5601");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a Kibana user needs a password and a password needs a user");
        }
        if (apiKey != null && username != null) {
            throw new IllegalArgumentException("set either a Kibana API key or a user and password, not both");
        }
    }

    /** Kibana without authentication. */
    public static KibanaConfig of(String url) {
        return new KibanaConfig(url, null, null, null);
    }

    @Override
    public String toString() {
        // never print secrets
        return "KibanaConfig{url=" + url + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic(" + username + ")" : "none") + "}";
    }
}
