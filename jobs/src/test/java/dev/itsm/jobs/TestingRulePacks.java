package dev.itsm.jobs;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Instant;
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

    /** A record that is not a valid pack: unchecked, as someone could write it to the topic by hand. */
    public static RulePackRecord invalid(String version) {
        Map<String, String> files = defaultFilesWith("pack.yaml", "name: default\nversion: " + version + "\n",
                "timing.yaml", "resolve-hold: 5 minutes\n");
        return new RulePackRecord("default", version, "default@" + version + "#unchecked", files, PUBLISHED);
    }

    /** The broadcast input of a graph in a test: the default pack once (changes nothing). */
    public static BroadcastStream<RulePackRecord> defaultOnly(StreamExecutionEnvironment env) {
        return env.fromData(defaultWith()).broadcast(ActiveRulePack.STATE);
    }
}
