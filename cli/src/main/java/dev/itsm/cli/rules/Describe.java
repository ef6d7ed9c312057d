package dev.itsm.cli.rules;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;

import java.util.List;
import java.util.TreeSet;

/** How rule tests and replays name alerts and incidents to a person. */
final class Describe {

    private Describe() {
    }

    /** {@code NAME@CI}: the CI the CMDB matched, or for an unknown CI the host, IP or service the alert carried. */
    static String alert(IncidentAlert alert) {
        return alert.name() + "@" + firstSet(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
    }

    static String alert(Alert alert) {
        return alert.name() + "@" + firstSet(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
    }

    /** The incident's member alerts as sorted {@code NAME@CI} references. */
    static TreeSet<String> alerts(Incident incident) {
        TreeSet<String> names = new TreeSet<>();
        incident.alerts().forEach(a -> names.add(alert(a)));
        return names;
    }

    /** {@code P1 new "NodeDown on host-fra1-db01" (linux-ops, root cause host-fra1-db01, 3 alerts)}. */
    static String incident(Incident incident) {
        return incident.priority() + " " + incident.status().json() + " \"" + incident.title() + "\" ("
                + incident.supportGroup() + ", root cause " + (incident.rootCauseCiId() == null ? "unknown" : incident.rootCauseCiId()) + ", " + incident.alerts().size()
                + (incident.alerts().size() == 1 ? " alert)" : " alerts)");
    }

    static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "?";
    }
}
