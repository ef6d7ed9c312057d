package dev.itsm.connectors.alerts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Host names from Prometheus {@code instance} labels, and IP literal checks that never touch DNS. */
final class Hosts {
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Hosts() {}

    /**
     * The host part of a Prometheus {@code instance}: {@code node1:9100} → {@code node1},
     * {@code [2001:db8::1]:9100} → {@code 2001:db8::1}, {@code https://example.org:8443/health} → {@code example.org}
     * (blackbox probes use URLs). A bare IPv6 address stays whole.
     *
     * @return {@code null} if nothing is left
     */
    static String fromInstance(String instance) {
        String s = instance.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
            s = cutAtFirst(s, "/?#");
            int at = s.lastIndexOf('@');
            if (at >= 0) {
                s = s.substring(at + 1);
            }
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            s = close > 0 ? s.substring(1, close) : s.substring(1);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        return s.isBlank() ? null : s;
    }

    private static String cutAtFirst(String s, String stops) {
        for (int i = 0; i < s.length(); i++) {
            if (stops.indexOf(s.charAt(i)) >= 0) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /**
     * Whether the text is an IPv4 or IPv6 literal, i.e. something Elasticsearch's {@code ip} type accepts for
     * {@code host.ip}. A host name is not: the lookup it would need has no place in a streaming parser.
     */
    static boolean isIpLiteral(String text) {
        if (text == null) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        // Only hex digits, colons and dots, starting with a hex digit or a colon: InetAddress then parses it as an
        // IPv6 literal and never resolves it.
        if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()
                || Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
            return false;
        }
        try {
            return InetAddress.getByName(text) != null;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
