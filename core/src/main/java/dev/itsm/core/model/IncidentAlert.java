package dev.itsm.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One alert occurrence as its incident lists it.
 *
 * @param id          the alert occurrence id ({@code id})
 * @param fingerprint ({@code fingerprint})
 * @param name        ({@code name})
 * @param source      the monitoring system ({@code source})
 * @param ciId        the CI it was matched to, or the explicit CI id it carried; nullable ({@code ci_id})
 * @param ciKnown     whether the CMDB knows that CI ({@code ci_known}); an unknown CI still makes an incident
 * @param hostName    the identifiers the alert carried, kept for unknown CIs; nullable ({@code host_name})
 * @param hostIp      nullable ({@code host_ip})
 * @param serviceName nullable ({@code service_name})
 * @param severity    ({@code severity})
 * @param status      ({@code status})
 * @param role        ({@code role})
 * @param startsAt    ({@code starts_at})
 * @param endsAt      nullable ({@code ends_at})
 * @param labels      ({@code labels})
 * @param flapping    whether the alert is flapping ({@code flapping}): it changed state too often lately, so its
 *                    incident treats it as still firing until it has been quiet for a while
 */
public record IncidentAlert(
        @JsonProperty("id") String id,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("name") String name,
        @JsonProperty("source") String source,
        @JsonProperty("ci_id") String ciId,
        @JsonProperty("ci_known") boolean ciKnown,
        @JsonProperty("host_name") String hostName,
        @JsonProperty("host_ip") String hostIp,
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("status") AlertStatus status,
        @JsonProperty("role") AlertRole role,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("flapping") boolean flapping) {

    public IncidentAlert {
        Checks.id(id, "IncidentAlert id");
        Checks.nonBlank(fingerprint, "IncidentAlert fingerprint");
        Checks.nonBlank(name, "IncidentAlert name");
        Checks.required(severity, "IncidentAlert severity");
        Checks.required(status, "IncidentAlert status");
        Checks.required(role, "IncidentAlert role");
        Checks.required(startsAt, "IncidentAlert startsAt");
        labels = Checks.map(labels, "IncidentAlert labels");
    }
}
