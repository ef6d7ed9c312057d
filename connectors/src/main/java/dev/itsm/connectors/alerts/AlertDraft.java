package dev.itsm.connectors.alerts;

import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an adapter read from one alert of a payload, before {@link AlertAssembler} derives the rest (host, service,
 * severity, fingerprint, id) the same way for every format. Mutable, short-lived, one per alert.
 */
final class AlertDraft {
    /** The alert's object, for rejections that name its path. */
    final Fields fields;
    String name;
    AlertStatus status;
    /** Set by adapters whose format has its own scale (Zabbix numbers); otherwise derived from the words. */
    Severity severity;
    /** The source's severity word; when {@code null}, the label {@code severity} is used. */
    String severityWord;
    String summary;
    String description;
    final Map<String, String> labels = new LinkedHashMap<>();
    final Map<String, String> annotations = new LinkedHashMap<>();
    Instant startsAt;
    Instant endsAt;
    /** The field {@link #endsAt} came from, for the message when it is before {@link #startsAt}. */
    String endsAtField = "endsAt";
    String hostName;
    String hostIp;
    String serviceName;
    String ciId;
    String raw;

    AlertDraft(Fields fields) {
        this.fields = fields;
    }
}
