package dev.itsm.connectors.rules;

import dev.itsm.core.json.Json;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record of the compacted rules topic ({@code itsm.rules}): a rule pack as its files, keyed by the pack's name,
 * so that the topic keeps the last published version of each pack. The value is this record as JSON:
 *
 * <pre>{@code
 * {"name":"default","version":"2026.11.2","lineage":"default@2026.11.2#3f2a9c01b7de",
 *  "files":{"correlation.yaml":"...","pack.yaml":"name: default\nversion: 2026.11.2\n",...},
 *  "publishedAt":"2026-11-29T07:10:00Z"}
 * }</pre>
 *
 * The files travel as text, not compiled: a reader validates and compiles them with the same {@link RulePackLoader}
 * ({@link #compile()}), so a record written by hand or by an older publisher is checked like any other.
 *
 * @param name        {@code pack.yaml}'s name, also the record's key
 * @param version     {@code pack.yaml}'s version
 * @param lineage     {@link RulePack#lineage()} as the publisher computed it; informative, readers recompute it
 * @param files       file name (e.g. {@code priority.yaml}) to its text, every YAML file of the pack's folder
 * @param publishedAt when it was published
 */
public record RulePackRecord(String name, String version, String lineage, Map<String, String> files, Instant publishedAt) {

    public RulePackRecord {
        Objects.requireNonNull(name, "name");
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** The record of a validated pack and the files it was read from. */
    public static RulePackRecord of(RulePack pack, Map<String, String> files, Instant publishedAt) {
        return new RulePackRecord(pack.name(), pack.version(), pack.lineage(), files, publishedAt);
    }

    /**
     * Validates and compiles the files.
     *
     * @throws dev.itsm.rules.RuleValidationException with every problem, when they are not a valid pack
     */
    public RulePack compile() {
        return RulePackLoader.parse(files);
    }

    /** The topic value. */
    public byte[] toJson() {
        return Json.toBytes(this);
    }

    /**
     * A topic value read back.
     *
     * @throws dev.itsm.core.json.JsonCodecException when it is not such a record (e.g. no {@code name})
     */
    public static RulePackRecord fromJson(byte[] value) {
        return Json.fromBytes(value, RulePackRecord.class);
    }
}
