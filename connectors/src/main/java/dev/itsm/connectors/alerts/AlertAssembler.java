package dev.itsm.connectors.alerts;

import dev.itsm.core.id.Fingerprints;
import dev.itsm.core.id.Ids;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@link AlertDraft} into the canonical {@link Alert}, with the derivations every format shares:
 *
 * <ul>
 *   <li>host name: the draft's, else label {@code host}, {@code hostname}, or {@code instance} without port/scheme;</li>
 *   <li>host IP: the first IP literal among the draft's, label {@code ip}, the instance's host and the host name
 *       (anything else is left out: Elasticsearch maps {@code host.ip} as {@code ip} and would refuse it);</li>
 *   <li>service: the draft's, else label {@code service}, else {@code job}; CI: the draft's, else label
 *       {@code ci_id};</li>
 *   <li>severity: the draft's, else the word (draft's or label {@code severity}) through the rule pack's words, then
 *       {@link Severity#parse}, else the default;</li>
 *   <li>end: only resolved alerts have one; a resolved alert that does not say when gets the notification's time;</li>
 *   <li>fingerprint over the source's identifying labels (all labels when the rule pack names none, or when the alert
 *       has none of them: an alert without identity would otherwise merge with every other such alert); id from
 *       fingerprint and start, so every notification of one occurrence carries the same id.</li>
 * </ul>
 */
final class AlertAssembler {
    private final ParserSettings settings;
    private final AlertFormat format;
    private final Instant sentAt;

    AlertAssembler(ParserSettings settings, AlertFormat format, Instant sentAt) {
        this.settings = settings;
        this.format = format;
        this.sentAt = sentAt;
    }

    AlertFormat format() {
        return format;
    }

    /** When the payload was sent (the Kafka record time): the event time of every alert in it. */
    Instant sentAt() {
        return sentAt;
    }

    /** A severity word through the rule pack's words, then {@link Severity#parse}. */
    Optional<Severity> severityOf(String word) {
        if (word == null || word.isBlank()) {
            return Optional.empty();
        }
        Optional<Severity> mapped = settings.severityWords().apply(word);
        if (mapped != null && mapped.isPresent()) {
            return mapped;
        }
        return Severity.parse(word);
    }

    Alert assemble(AlertDraft d) {
        if (d.raw != null && d.raw.length() > Fields.MAX_ALERT_CHARS) {
            throw new Rejection(DeadLetter.TOO_LARGE, d.fields.prefix() + "the alert's " + Describe.count(d.raw.length())
                    + " characters of JSON exceed the limit of " + Describe.count(Fields.MAX_ALERT_CHARS) + " per alert");
        }
        Map<String, String> labels = d.labels;
        if (labels.size() > Fields.MAX_LABELS) {
            throw new Rejection(DeadLetter.TOO_LARGE, d.fields.prefix() + Describe.count(labels.size())
                    + " labels (including the ones derived from the alert's fields) exceed the limit of "
                    + Fields.MAX_LABELS + " per alert");
        }
        if (d.annotations.size() > Fields.MAX_LABELS) {
            throw new Rejection(DeadLetter.TOO_LARGE, d.fields.prefix() + Describe.count(d.annotations.size())
                    + " annotations (including the ones derived from the alert's fields) exceed the limit of "
                    + Fields.MAX_LABELS + " per alert");
        }
        String instanceHost = nonBlank(labels.get("instance")) == null ? null : Hosts.fromInstance(labels.get("instance"));
        String hostName = first(d.hostName, labels.get("host"), labels.get("hostname"), instanceHost);
        String hostIp = firstIp(d.hostIp, labels.get("ip"), instanceHost, hostName);
        String serviceName = first(d.serviceName, labels.get("service"), labels.get("job"));
        String ciId = first(d.ciId, labels.get("ci_id"));

        Severity severity = d.severity != null ? d.severity
                : severityOf(d.severityWord != null ? d.severityWord : labels.get("severity"))
                        .orElse(settings.defaultSeverity());

        Instant endsAt = null;
        if (d.status == AlertStatus.RESOLVED) {
            if (d.endsAt != null && d.endsAt.isBefore(d.startsAt)) {
                throw d.fields.invalid(d.endsAtField, "'" + d.endsAt + "' is before the start '" + d.startsAt + "'");
            }
            endsAt = d.endsAt != null ? d.endsAt : (sentAt.isAfter(d.startsAt) ? sentAt : d.startsAt);
        }

        String fingerprint = fingerprint(labels);
        String id = Ids.stable(fingerprint, d.startsAt.toString());
        return new Alert(id, fingerprint, format.id(), d.name, d.status, severity, nonBlank(d.summary),
                nonBlank(d.description), labels, d.annotations, d.startsAt, endsAt, sentAt, hostName, hostIp,
                serviceName, ciId, 1, d.raw, 0L);
    }

    private String fingerprint(Map<String, String> labels) {
        List<String> identifying = settings.identifyingLabels(format.id());
        if (identifying.isEmpty() || identifying.stream().map(labels::get).allMatch(v -> v == null || v.isEmpty())) {
            return Fingerprints.ofLabels(labels);
        }
        return Fingerprints.ofLabels(labels, identifying);
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (nonBlank(candidate) != null) {
                return candidate.strip();
            }
        }
        return null;
    }

    private static String firstIp(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && Hosts.isIpLiteral(candidate.strip())) {
                return candidate.strip();
            }
        }
        return null;
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
