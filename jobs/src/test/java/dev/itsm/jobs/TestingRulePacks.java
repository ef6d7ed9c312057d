package dev.itsm.jobs;

import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rule-pack records as the rules topic carries them, for the operators' broadcast input. */
public final class TestingRulePacks {
    private static final Instant PUBLISHED = Instant.parse("2026-11-29T07:00:00Z");

    private TestingRulePacks() {
    }

    /** The default pack's files with some replaced: pairs of file name and text. */
    public static Map<String, String> defaultFilesWith(String... fileAndText) {
        var files = new TreeMap<>(RulePackLoader.defaultFiles());
        for (int i = 0; i < fileAndText.length; i += 2) {
            files.put(fileAndText[i], fileAndText[i + 1]);
        }
        return files;
    }

    /** A checked record (as {@link RulePackChecker} passes it on) of the default pack with some files replaced. */
    public static RulePackRecord defaultWith(String... fileAndText) {
        Map<String, String> files = defaultFilesWith(fileAndText);
        return RulePackRecord.of(RulePackLoader.parse(files), files, PUBLISHED);
    }

    /** The default pack with another version and this priority matrix (rows impact, columns urgency). */
    public static RulePackRecord defaultWithMatrix(String version, String matrix) {
        String priority = RulePackLoader.defaultFiles().get("priority.yaml");
        return defaultWith("pack.yaml", "name: default\nversion: " + version + "\n",
                "priority.yaml", priority.substring(0, priority.lastIndexOf("\nmatrix:")) + "\nmatrix:\n" + matrix);
    }

    /** Writes the pack's files to a new folder {@code dir}, as a person would publish it; returns {@code dir}. */
    public static Path write(RulePackRecord pack, Path dir) throws IOException {
        Files.createDirectory(dir);
        for (Map.Entry<String, String> file : pack.files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        return dir;
    }

    /** The default pack with another version, and its pattern {@code recurring-failure} asking for {@code minIncidents}. */
    public static RulePackRecord defaultWithRecurrenceAfter(String version, int minIncidents) {
        String problems = RulePackLoader.defaultFiles().get("problems.yaml");
        String recurring = "  - id: recurring-failure\n    kind: recurrence\n    signature: [root_cause_ci, alert_name]\n"
                + "    min-incidents: 3\n";
        if (!problems.contains(recurring)) {
            throw new IllegalStateException("the default problems.yaml changed its recurring-failure pattern: " + problems);
        }
        return defaultWith("pack.yaml", "name: default\nversion: " + version + "\n",
                "problems.yaml", problems.replace(recurring, recurring.replace("min-incidents: 3", "min-incidents: " + minIncidents)));
    }

    /** A record that is not a valid pack: unchecked, as someone could write it to the topic by hand. */
    public static RulePackRecord invalid(String version) {
        Map<String, String> files = defaultFilesWith("pack.yaml", "name: default\nversion: " + version + "\n",
                "timing.yaml", "resolve-hold: 5 minutes\n");
        return new RulePackRecord("default", version, "default@" + version + "#unchecked", files, PUBLISHED);
    }

    /**
     * The rules topic's records as a job reads them (before the check), with the watermarks the job's runner gives
     * them: the records of these packs, in this order.
     */
    public static DataStream<RawRecord> topic(StreamExecutionEnvironment env, RulePackRecord... packs) {
        List<RawRecord> records = new ArrayList<>();
        for (RulePackRecord pack : packs) {
            records.add(new RawRecord("itsm.rules", 0, records.size(), PUBLISHED.toEpochMilli(),
                    pack.name().getBytes(StandardCharsets.UTF_8), pack.toJson(), Map.of()));
        }
        return env.fromData(records, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(IncidentJob.idleForever());
    }

    /** The broadcast input of a graph in a test: the default pack once (changes nothing). */
    public static BroadcastStream<RulePackRecord> defaultOnly(StreamExecutionEnvironment env) {
        return env.fromData(defaultWith()).broadcast(ActiveRulePack.STATE);
    }
}
