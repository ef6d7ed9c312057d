package dev.itsm.cli;

import dev.itsm.connectors.elasticsearch.ElasticsearchConfig;
import dev.itsm.dashboards.KibanaConfig;
import dev.itsm.dashboards.Setup;
import dev.itsm.dashboards.SetupException;
import dev.itsm.dashboards.SetupResult;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code itsm setup}: installs the Elasticsearch index templates and, given {@code --kibana}, imports the Kibana data
 * views, visualizations, saved searches and dashboards. Running it again changes nothing that is already as shipped.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Installs the Elasticsearch component and index templates (elasticsearch.* settings, index prefix "
                + "included) and, with --kibana, imports the dashboards through Kibana's saved-objects API. "
                + "Idempotent: what is already as shipped is reported unchanged and left alone."})
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--kibana", paramLabel = "URL", description = "Kibana's address, e.g. http://localhost:5601 (a space: http://host:5601/s/SPACE). Without it only the templates are installed.")
    String kibanaUrl;

    @Option(names = "--kibana-user", paramLabel = "USER", description = "Kibana user for basic authentication.")
    String kibanaUser;

    @Option(names = "--kibana-password-env", paramLabel = "VAR", description = "Environment variable holding the Kibana user's password.")
    String kibanaPasswordEnv;

    @Option(names = "--kibana-api-key-env", paramLabel = "VAR", description = "Environment variable holding an encoded Kibana API key (instead of a user).")
    String kibanaApiKeyEnv;

    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine line = spec.commandLine();
        Configuration conf = options.configuration(line);
        ElasticsearchConfig elasticsearch;
        KibanaConfig kibana = null;
        try {
            elasticsearch = ElasticsearchConfig.fromConfiguration(conf);
            if (kibanaUrl != null) {
                kibana = new KibanaConfig(kibanaUrl, kibanaUser, secret(kibanaPasswordEnv, "--kibana-password-env"),
                        secret(kibanaApiKeyEnv, "--kibana-api-key-env"));
            } else if (kibanaUser != null || kibanaPasswordEnv != null || kibanaApiKeyEnv != null) {
                throw new IllegalArgumentException("Kibana credentials need --kibana URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(line, e.getMessage());
        }

        PrintWriter out = line.getOut();
        List<SetupResult> all = new ArrayList<>();
        try {
            List<SetupResult> templates = Setup.installTemplates(elasticsearch);
            print(out, templates);
            all.addAll(templates);
            if (kibana != null) {
                List<SetupResult> objects = Setup.importSavedObjects(kibana, elasticsearch.indexPrefix());
                print(out, objects);
                all.addAll(objects);
            }
        } catch (SetupException e) {
            out.flush();
            line.getErr().println("itsm setup: " + e.getMessage());
            line.getErr().flush();
            return 1;
        }
        out.println(summary(all, kibana != null));
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, List<SetupResult> results) {
        for (SetupResult result : results) {
            out.printf("%-9s  %-18s %s%n", result.outcome().word(), result.kind(), result.name());
        }
    }

    static String summary(List<SetupResult> results, boolean withKibana) {
        Map<SetupResult.Outcome, Integer> counts = new TreeMap<>();
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        return "Done: " + results.size() + (withKibana ? " templates and saved objects" : " templates (no --kibana: saved objects not imported)")
                + ": " + counts.getOrDefault(SetupResult.Outcome.CREATED, 0) + " created, "
                + counts.getOrDefault(SetupResult.Outcome.UPDATED, 0) + " updated, "
                + counts.getOrDefault(SetupResult.Outcome.UNCHANGED, 0) + " unchanged.";
    }

    private static String secret(String variable, String option) {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(option + ": the environment variable " + variable + " is not set");
        }
        return value;
    }
}
