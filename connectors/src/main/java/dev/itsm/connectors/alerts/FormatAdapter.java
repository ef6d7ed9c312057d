package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.core.model.Alert;
import java.util.List;

/** One payload format: a parsed JSON tree to alerts, or a {@link Rejection}. Stateless. */
interface FormatAdapter {

    /** @return at least one alert */
    List<Alert> toAlerts(JsonNode root, AlertAssembler assembler);
}
