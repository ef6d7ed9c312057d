package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One version of an alert occurrence, normalised from whatever format the source sent.
 *
 * <p>An occurrence ({@link #id()}) is one firing-to-resolved episode of the alert identified by
 * {@link #fingerprint()}; each notification about it yields a new version with a later {@link #timestamp()}, a
 * higher {@link #count()} and {@link #revision()}.
 *
 * @param id          occurrence id, derived from the input (e.g. fingerprint + {@code startsAt}) ({@code event.id})
 * @param fingerprint identity of the alert over its identifying labels, see
 *                    {@link dev.itsm.core.id.Fingerprints} ({@code alert.fingerprint})
 * @param source      format or system it came from: {@code alertmanager}, {@code grafana}, {@code zabbix},
 *                    {@code generic}, {@code slo} ({@code event.module})
 * @param name        alert name, e.g. Prometheus {@code alertname} ({@code rule.name})
 * @param status      firing or resolved ({@code alert.status})
 * @param severity    normalised severity ({@code alert.severity}; the JSON also carries the numeric
 *                    {@code event.severity}, 1 = critical, for sorting)
 * @param summary     one-line human summary ({@code message}); nullable
 * @param description longer text ({@code alert.description}); nullable
 * @param labels      identifying and other labels ({@code labels})
 * @param annotations annotations, e.g. runbook_url ({@code alert.annotations})
 * @param startsAt    when the source saw the problem start ({@code event.start})
 * @param endsAt      when it ended; {@code null} while firing ({@code event.end})
 * @param timestamp   event time of this version ({@code @timestamp})
 * @param hostName    affected host name ({@code host.name}); nullable
 * @param hostIp      affected host address ({@code host.ip}); nullable
 * @param serviceName service name as the source reports it ({@code service.name}); nullable
 * @param ciId        CMDB configuration item, when the source names it or enrichment found it ({@code ci.id});
 *                    nullable
 * @param count       how many notifications of this occurrence were seen, at least 1 ({@code alert.count})
 * @param raw         the payload as received, kept for audit ({@code event.original}); nullable
 * @param revision    see {@link Versioned} ({@code itsm.revision})
 */
// event.severity is derived from severity: written for Kibana, ignored when read back
@JsonIgnoreProperties(value = "event.severity", allowGetters = true)
public record Alert(
        @JsonProperty("event.id") String id,
        @JsonProperty("alert.fingerprint") String fingerprint,
        @JsonProperty("event.module") String source,
        @JsonProperty("rule.name") String name,
        @JsonProperty("alert.status") AlertStatus status,
        @JsonProperty("alert.severity") Severity severity,
        @JsonProperty("message") String summary,
        @JsonProperty("alert.description") String description,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("alert.annotations") Map<String, String> annotations,
        @JsonProperty("event.start") Instant startsAt,
        @JsonProperty("event.end") Instant endsAt,
        @JsonProperty("@timestamp") Instant timestamp,
        @JsonProperty("host.name") String hostName,
        @JsonProperty("host.ip") String hostIp,
        @JsonProperty("service.name") String serviceName,
        @JsonProperty("ci.id") String ciId,
        @JsonProperty("alert.count") int count,
        @JsonProperty("event.original") String raw,
        @JsonProperty(REVISION_FIELD) long revision) implements Versioned {

    public Alert {
        Checks.id(id, "Alert id");
        Checks.nonBlank(fingerprint, "Alert fingerprint");
        Checks.nonBlank(source, "Alert source");
        Checks.nonBlank(name, "Alert name");
        Checks.required(status, "Alert status");
        Checks.required(severity, "Alert severity");
        labels = Checks.map(labels, "Alert labels");
        annotations = Checks.map(annotations, "Alert annotations");
        Checks.required(startsAt, "Alert startsAt");
        Checks.required(timestamp, "Alert timestamp");
        if (count < 1) {
            throw new IllegalArgumentException("Alert count must be >= 1, was " + count);
        }
        Checks.revision(revision, "Alert");
    }

    /** ECS {@code event.severity}: {@link Severity#code()}. */
    @JsonProperty("event.severity")
    public int severityCode() {
        return severity.code();
    }

    public Alert withRevision(long newRevision) {
        return new Alert(id, fingerprint, source, name, status, severity, summary, description, labels, annotations,
                startsAt, endsAt, timestamp, hostName, hostIp, serviceName, ciId, count, raw, newRevision);
    }

    public Alert withCount(int newCount) {
        return new Alert(id, fingerprint, source, name, status, severity, summary, description, labels, annotations,
                startsAt, endsAt, timestamp, hostName, hostIp, serviceName, ciId, newCount, raw, revision);
    }

    /** This alert attributed to a CMDB configuration item (enrichment). */
    public Alert withCiId(String newCiId) {
        return new Alert(id, fingerprint, source, name, status, severity, summary, description, labels, annotations,
                startsAt, endsAt, timestamp, hostName, hostIp, serviceName, newCiId, count, raw, revision);
    }
}
