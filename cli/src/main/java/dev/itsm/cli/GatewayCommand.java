package dev.itsm.cli;

import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.gateway.GatewayConfig;
import dev.itsm.gateway.IngestGateway;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code itsm gateway}: the ingest gateway, until the process is stopped. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"The ingest gateway: monitoring systems post alerts over HTTP to /api/v1/alerts/{alertmanager|grafana|zabbix|generic};",
                "each is answered 200 once Kafka acknowledged it, 503 when Kafka cannot take it (senders retry).",
                "Tokens: gateway.tokens.<format> or the environment variable ITSM_GATEWAY_TOKEN_<FORMAT>. See README, The ingest gateway."})
final class GatewayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Configuration conf = options.configuration(spec.commandLine());
        GatewayConfig config;
        try {
            config = GatewayConfig.fromConfiguration(conf, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        IngestGateway gateway = IngestGateway.start(config, conf.get(KafkaOptions.TOPIC_PARTITIONS));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "itsm-gateway-shutdown"));
        System.out.println("Ingest gateway on " + gateway.baseUrl() + " (alerts to " + gateway.rawTopic()
                + "); stop with Ctrl-C");
        gateway.join();
        return 0;
    }
}
