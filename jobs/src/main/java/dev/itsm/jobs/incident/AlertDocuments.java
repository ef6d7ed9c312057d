package dev.itsm.jobs.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.connectors.elasticsearch.DocumentMapper;
import dev.itsm.connectors.elasticsearch.ElasticsearchDocument;
import dev.itsm.core.json.Json;

/** The {@code itsm-alerts} document of an alert occurrence: the alert, its incident id and its role in it. */
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
            return new ElasticsearchDocument(index, update.alert().id(), update.alert().revision(), Json.toBytes(document));
        };
    }
}
