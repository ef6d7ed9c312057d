package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Alertmanager's webhook (version 4) and Grafana's, which is the same group of alerts plus Grafana's fields.
 *
 * <p>A group is all or nothing: one bad alert rejects the whole payload, with a reason naming its index. The
 * dead-letter topic then holds the original group, which can be replayed once fixed; splitting it would leave the
 * good half processed and the bad half detached from its group.
 *
 * <p>Each alert's {@code fingerprint} is the sender's hash, over all labels and with its own algorithm: it is kept as
 * the annotation {@code source_fingerprint}, while identity uses our fingerprint over the rule pack's identifying
 * labels, the same for every source.
 */
final class AlertGroupAdapter implements FormatAdapter {
    static final AlertGroupAdapter ALERTMANAGER = new AlertGroupAdapter(false);
    static final AlertGroupAdapter GRAFANA = new AlertGroupAdapter(true);

    private final boolean grafana;

    private AlertGroupAdapter(boolean grafana) {
        this.grafana = grafana;
    }

    @Override
    public List<Alert> toAlerts(JsonNode root, AlertAssembler assembler) {
        AlertFormat format = assembler.format();
        Fields group = Fields.root(format, root);
        if (!grafana) {
            group.text("version").filter(v -> !v.strip().equals("4")).ifPresent(v -> {
                throw group.invalid("version", Describe.quote(v) + " is not supported (only \"4\")");
            });
        }
        JsonNode alerts = group.get("alerts");
        if (alerts == null) {
            throw group.missing("alerts");
        }
        if (!alerts.isArray()) {
            throw group.invalid("alerts", "expected an array, got " + Describe.kind(alerts));
        }
        if (alerts.isEmpty()) {
            throw new Rejection(DeadLetter.MISSING_FIELD, format.id() + ": alerts: the group has no alerts");
        }
        // Grafana's group-level texts describe the one alert of a single-alert group, not any one of several.
        Optional<String> title = grafana && alerts.size() == 1 ? group.text("title") : Optional.empty();
        Optional<String> message = grafana && alerts.size() == 1 ? group.text("message") : Optional.empty();

        var result = new ArrayList<Alert>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode element = alerts.get(i);
            AlertDraft draft = read(Fields.element(format, "alerts", i, element));
            if (draft.summary == null) {
                draft.summary = title.orElse(null);
            }
            if (draft.description == null) {
                draft.description = message.orElse(null);
            }
            result.add(assembler.assemble(draft));
        }
        return result;
    }

    private AlertDraft read(Fields alert) {
        var d = new AlertDraft(alert);
        d.labels.putAll(alert.textMap("labels"));
        String name = d.labels.get("alertname");
        if (name == null || name.isBlank()) {
            throw alert.missingIn("labels", "missing required label 'alertname'");
        }
        d.name = name.strip();
        d.status = status(alert);
        d.annotations.putAll(alert.textMap("annotations"));
        d.summary = d.annotations.get("summary");
        d.description = d.annotations.get("description");
        d.startsAt = alert.time("startsAt").orElseThrow(() -> alert.missing("startsAt"));
        if (d.startsAt.equals(Times.GO_ZERO)) {
            throw alert.invalid("startsAt", "'0001-01-01T00:00:00Z' (Go's zero time) is outside the accepted years "
                    + Times.ACCEPTED_YEARS);
        }
        d.endsAt = alert.time("endsAt").filter(t -> !t.equals(Times.GO_ZERO)).orElse(null);
        alert.text("fingerprint").ifPresent(v -> d.annotations.put("source_fingerprint", v));
        alert.text("generatorURL").ifPresent(v -> d.annotations.put("generator_url", v));
        if (grafana) {
            alert.text("silenceURL").ifPresent(v -> d.annotations.put("silence_url", v));
            alert.text("dashboardURL").ifPresent(v -> d.annotations.put("dashboard_url", v));
            alert.text("panelURL").ifPresent(v -> d.annotations.put("panel_url", v));
            alert.text("imageURL").ifPresent(v -> d.annotations.put("image_url", v));
            alert.text("valueString").ifPresent(v -> d.annotations.put("value_string", v));
            JsonNode values = alert.get("values");
            if (values != null && values.isObject() && !values.isEmpty()) {
                d.annotations.put("values", values.toString());
            }
        }
        d.raw = alert.node().toString();
        return d;
    }

    private static AlertStatus status(Fields alert) {
        String status = alert.requiredText("status");
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw alert.invalid("status", Describe.quote(status) + " is not 'firing' or 'resolved'");
        };
    }
}
