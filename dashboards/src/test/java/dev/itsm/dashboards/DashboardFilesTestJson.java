package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON parsing for tests, without checked exceptions. */
final class DashboardFilesTestJson {

    private DashboardFilesTestJson() {
    }

    static JsonNode parse(String json) {
        try {
            return DashboardResources.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
