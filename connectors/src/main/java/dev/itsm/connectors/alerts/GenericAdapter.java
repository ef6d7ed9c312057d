package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * This project's own format, for anything that can post JSON: one alert object, or an array of them (a batch,
 * all or nothing like an Alertmanager group). Schema and example in ALERT-FORMATS.md.
 *
 * <p>{@code name}, and {@code host}, {@code ip}, {@code service}, {@code ci_id} when given, are also added to the
 * labels (as {@code alertname}, ...) unless the labels already have them: a generic alert often has no labels at
 * all, and its identity should still be "this check on this host", as with the other formats.
 */
final class GenericAdapter implements FormatAdapter {
    static final GenericAdapter INSTANCE = new GenericAdapter(AlertFormat.GENERIC);
    /** The same JSON from the SLO functions' burn-rate alerts: only the source (and the messages' prefix) differ. */
    static final GenericAdapter SLO = new GenericAdapter(AlertFormat.SLO);

    private final AlertFormat format;

    private GenericAdapter(AlertFormat format) {
        this.format = format;
    }

    @Override
    public List<Alert> toAlerts(JsonNode root, AlertAssembler assembler) {
        if (root.isObject()) {
            return List.of(assembler.assemble(read(Fields.root(format, root), assembler)));
        }
        if (!root.isArray()) {
            throw new Rejection(DeadLetter.INVALID_FIELD,
                    format.id() + ": expected a JSON object or an array of objects, got " + Describe.kind(root));
        }
        if (root.isEmpty()) {
            throw new Rejection(DeadLetter.MISSING_FIELD, format.id() + ": the batch is an empty array");
        }
        var alerts = new ArrayList<Alert>(root.size());
        for (int i = 0; i < root.size(); i++) {
            alerts.add(assembler.assemble(read(Fields.element(format, "", i, root.get(i)), assembler)));
        }
        return alerts;
    }

    private static AlertDraft read(Fields g, AlertAssembler assembler) {
        var d = new AlertDraft(g);
        d.name = g.requiredText("name").strip();
        String status = g.requiredText("status");
        d.status = switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw g.invalid("status", Describe.quote(status) + " is not 'firing' or 'resolved'");
        };
        d.severityWord = g.text("severity").orElse(null);
        d.labels.putAll(g.textMap("labels"));
        d.annotations.putAll(g.textMap("annotations"));
        d.summary = g.text("summary").orElse(null);
        d.description = g.text("description").orElse(null);
        d.startsAt = g.time("starts_at").orElse(assembler.sentAt());
        if (d.startsAt.equals(Times.GO_ZERO)) {
            throw g.invalid("starts_at", "'0001-01-01T00:00:00Z' (Go's zero time) is outside the accepted years "
                    + Times.ACCEPTED_YEARS);
        }
        d.endsAt = g.time("ends_at").filter(t -> !t.equals(Times.GO_ZERO)).orElse(null);
        d.endsAtField = "ends_at";
        d.hostName = g.text("host").orElse(null);
        d.hostIp = g.text("ip").orElse(null);
        d.serviceName = g.text("service").orElse(null);
        d.ciId = g.text("ci_id").orElse(null);

        d.labels.putIfAbsent("alertname", d.name);
        g.text("host").ifPresent(v -> d.labels.putIfAbsent("host", v));
        g.text("ip").ifPresent(v -> d.labels.putIfAbsent("ip", v));
        g.text("service").ifPresent(v -> d.labels.putIfAbsent("service", v));
        g.text("ci_id").ifPresent(v -> d.labels.putIfAbsent("ci_id", v));
        d.raw = g.node().toString();
        return d;
    }
}
