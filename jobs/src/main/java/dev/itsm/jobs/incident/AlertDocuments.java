package dev.itsm.jobs.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.connectors.elasticsearch.DocumentMapper;
import dev.itsm.connectors.elasticsearch.ElasticsearchDocument;
import dev.itsm.core.json.Json;

/**
 * The {@code itsm-alerts} document of an alert occurrence: the alert, its incident id, its role in it, and whether it
 * is flapping or suppressed.
 */
final class AlertDocuments {

    private AlertDocuments() {
    }

    static DocumentMapper<AlertUpdate> into(String index) {
        return update -> {
            ObjectNode document = (ObjectNode) Json.tree(Json.toBytes(update.alert()));
            if (update.incidentId() != null) {
                document.put("incident.id", update.incidentId());
            }
            document.put("alert.role", update.role().json());
            document.put("alert.flapping", update.flapping());
            if (update.suppressedBy() != null) {
                document.put("alert.suppressed_by", update.suppressedBy());
            }
            return new ElasticsearchDocument(index, update.alert().id(), update.version(), Json.toBytes(document));
        };
    }
}
