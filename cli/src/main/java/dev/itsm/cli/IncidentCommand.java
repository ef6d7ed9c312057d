package dev.itsm.cli;

import dev.itsm.connectors.kafka.KafkaConfig;
import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.IncidentAction;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code itsm incident ack|hold|resume|resolve ID}: records what a person did to an incident on the incident actions
 * topic, where the SLA job reads it (it stops or pauses the incident's SLA clocks at the action's time).
 */
@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Sends an action on an incident to the incident actions topic (itsm.incident-actions): ack stops "
                + "its response clock, hold and resume pause and restart both clocks, resolve stops them. The SLA job "
                + "applies it at the action's time."})
final class IncidentCommand implements Callable<Integer> {

    /** The actions, as typed. */
    enum Verb {
        ack(IncidentAction.Action.ACK), hold(IncidentAction.Action.HOLD), resume(IncidentAction.Action.RESUME),
        resolve(IncidentAction.Action.RESOLVE);

        final IncidentAction.Action action;

        Verb(IncidentAction.Action action) {
            this.action = action;
        }
    }

    @Parameters(index = "0", paramLabel = "ACTION", description = "One of: ${COMPLETION-CANDIDATES}.")
    Verb verb;

    @Parameters(index = "1", paramLabel = "ID", description = "The incident id, e.g. inc-2f572b55f754370a9d7d.")
    String incidentId;

    @Option(names = "--by", paramLabel = "NAME", description = "Who did it (user.name).")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, or what was done (message).")
    String note;

    @Option(names = "--at", paramLabel = "TIME", description = "When, as an RFC 3339 time (default: now).")
    String at;

    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (incidentId.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the incident id is empty");
        }
        Instant when;
        try {
            when = at == null ? Instant.now() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--at: '" + at + "' is not an RFC 3339 time (e.g. 2026-01-15T09:30:00Z)");
        }
        Configuration conf = options.configuration(spec.commandLine());
        KafkaConfig kafka = KafkaConfig.fromConfiguration(conf);
        IncidentAction action = new IncidentAction(incidentId.trim(), verb.action, when, by, note);
        String topic = kafka.topic(Topics.INCIDENT_ACTIONS);

        Properties props = kafka.clientConfig();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, null, when.toEpochMilli(), action.incidentId(),
                    Json.toBytes(action))).get(30, TimeUnit.SECONDS);
            spec.commandLine().getOut().printf("%s %s at %s: written to %s (partition %d, offset %d)%n", verb, action.incidentId(),
                    when, topic, sent.partition(), sent.offset());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ExecutionException | org.apache.kafka.common.errors.TimeoutException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            spec.commandLine().getErr().println("itsm incident: could not write to " + topic + " at " + kafka.bootstrapServers()
                    + ": " + cause.getMessage() + " (is Kafka running? see kafka.bootstrap-servers)");
            return 1;
        }
    }
}
