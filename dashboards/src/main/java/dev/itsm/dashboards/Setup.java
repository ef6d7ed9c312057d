package dev.itsm.dashboards;

import dev.itsm.connectors.elasticsearch.ElasticsearchClients;
import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.util.List;

/**
 * Installs the dashboards' prerequisites: the Elasticsearch component and index templates (for the configured index
 * prefix) and, given a Kibana, the saved objects. Both steps are idempotent: what is already there as shipped is
 * reported {@code unchanged} and left alone.
 *
 * <pre>{@code
 * List<SetupResult> templates = Setup.installTemplates(ElasticsearchConfig.forHosts("http://localhost:9200"));
 * List<SetupResult> objects = Setup.importSavedObjects(KibanaConfig.of("http://localhost:5601"), "itsm");
 * }</pre>
 *
 * Failures throw {@link SetupException} with a message fit for a person: "cannot reach Elasticsearch at URL:
 * connection refused", "Kibana at URL refused the credentials (401)", ...
 */
public final class Setup {

    private Setup() {
    }

    /** Puts every component template, then every index template, where it is missing or differs. */
    public static List<SetupResult> installTemplates(ElasticsearchConfig config) {
        String where = String.join(", ", config.hosts());
        try (RestClient client = ElasticsearchClients.restClient(config)) {
            return new TemplateInstaller(client, where).install(
                    DashboardResources.componentTemplates(config.indexPrefix()),
                    DashboardResources.indexTemplates(config.indexPrefix()));
        } catch (IOException e) {
            // closing the client failed; the templates are in
            throw new SetupException("could not close the connection to Elasticsearch at " + where, e);
        }
    }

    /** Imports the data views, visualizations, saved searches and dashboards, their data views on {@code indexPrefix}. */
    public static List<SetupResult> importSavedObjects(KibanaConfig kibana, String indexPrefix) {
        return new KibanaImporter(kibana).importObjects(DashboardResources.savedObjects(indexPrefix));
    }
}
