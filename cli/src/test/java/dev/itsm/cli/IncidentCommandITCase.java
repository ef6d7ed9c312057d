package dev.itsm.cli;

import dev.itsm.connectors.kafka.Topics;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.devstack.KafkaBroker;
import dev.itsm.devstack.LocalStackExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm incident ...} writes the action to the real broker's incident actions topic, keyed by incident. */
@ExtendWith(LocalStackExtension.class)
class IncidentCommandITCase {

    @Test
    void shouldWriteTheActionKeyedByIncidentAtItsTime(KafkaBroker kafka) {
        String prefix = kafka.freshTopic("actions");
        StringWriter out = new StringWriter();
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(out));

        int exit = line.execute("incident", "hold", "inc-42", "--by", "jane.doe", "--note", "waiting for the vendor",
                "--at", "2026-01-15T09:30:00Z", "-D", "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "-D", "kafka.topic-prefix=" + prefix);

        assertThat(exit).isZero();
        String topic = prefix + "." + Topics.INCIDENT_ACTIONS;
        assertThat(out.toString()).contains("hold inc-42 at 2026-01-15T09:30:00Z: written to " + topic);
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readFromStart(topic, 1, Duration.ofSeconds(30));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("inc-42");
            assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-01-15T09:30:00Z").toEpochMilli());
            assertThat(Json.fromBytes(record.value(), IncidentAction.class)).isEqualTo(new IncidentAction("inc-42",
                    IncidentAction.Action.HOLD, Instant.parse("2026-01-15T09:30:00Z"), "jane.doe", "waiting for the vendor"));
        });
    }
}
