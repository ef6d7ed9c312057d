package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.DeadLetter;
import java.util.List;

/**
 * Which format a payload is in when the sender set no {@value AlertParser#FORMAT_HEADER} header. In this order,
 * first match wins:
 *
 * <ol>
 *   <li>a JSON array: generic (a batch; no other format is an array);</li>
 *   <li>an object with {@code "alerts"} and any of Grafana's own fields, at the top ({@code orgId}, {@code title},
 *       {@code state}, {@code message}) or in an alert ({@code silenceURL}, {@code dashboardURL},
 *       {@code panelURL}, {@code values}, {@code valueString}): grafana. Checked before Alertmanager because
 *       Grafana's payload is a superset of Alertmanager's;</li>
 *   <li>an object with {@code "alerts"} and {@code "version": "4"}: alertmanager;</li>
 *   <li>an object with {@code "name"}: generic;</li>
 *   <li>an object with any of {@code event_id}, {@code event_name}, {@code event_value}, {@code trigger_id}: zabbix;</li>
 *   <li>anything else is rejected ({@code unknown_format}), saying what was looked for.</li>
 * </ol>
 */
final class FormatDetector {
    private static final List<String> GRAFANA_GROUP_KEYS = List.of("orgId", "title", "state", "message");
    private static final List<String> GRAFANA_ALERT_KEYS =
            List.of("silenceURL", "dashboardURL", "panelURL", "values", "valueString");

    private FormatDetector() {}

    static AlertFormat detect(JsonNode root) {
        if (root.isArray()) {
            return AlertFormat.GENERIC;
        }
        if (!root.isObject()) {
            throw unknown("the payload is " + Describe.kind(root) + ", not a JSON object or array");
        }
        if (root.has("alerts")) {
            if (isGrafana(root)) {
                return AlertFormat.GRAFANA;
            }
            JsonNode version = root.get("version");
            if (version != null && version.isValueNode() && "4".equals(version.asText().strip())) {
                return AlertFormat.ALERTMANAGER;
            }
            throw unknown("an object with 'alerts' but neither Alertmanager's \"version\": \"4\" nor Grafana's fields"
                    + " (orgId, title, state, message, or silenceURL/dashboardURL/panelURL/values in an alert)");
        }
        if (root.has("name")) {
            return AlertFormat.GENERIC;
        }
        if (ZabbixAdapter.MARKER_KEYS.stream().anyMatch(root::has)) {
            return AlertFormat.ZABBIX;
        }
        throw unknown("an object without 'alerts' (Alertmanager, Grafana), 'name' (generic) or 'event_id'/"
                + "'event_name' (Zabbix)");
    }

    private static boolean isGrafana(JsonNode root) {
        if (GRAFANA_GROUP_KEYS.stream().anyMatch(root::has)) {
            return true;
        }
        JsonNode alerts = root.get("alerts");
        if (alerts.isArray()) {
            for (JsonNode alert : alerts) {
                if (alert.isObject() && GRAFANA_ALERT_KEYS.stream().anyMatch(alert::has)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Rejection unknown(String what) {
        return new Rejection(DeadLetter.UNKNOWN_FORMAT, "cannot detect the format: " + what
                + "; set the Kafka header '" + AlertParser.FORMAT_HEADER + "' to one of " + AlertFormat.knownIds());
    }
}
