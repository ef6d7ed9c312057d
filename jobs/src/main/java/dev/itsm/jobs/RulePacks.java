package dev.itsm.jobs;

import dev.itsm.jobs.incident.IncidentJobOptions;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.ReadableConfig;

import java.nio.file.Path;

/** The rule pack every job runs: the folder {@code itsm.rules.dir} names, else the default pack built into the jar. */
public final class RulePacks {

    private RulePacks() {
    }

    /** @throws dev.itsm.rules.RuleValidationException with every problem, when the pack is invalid */
    public static RulePack fromConfiguration(ReadableConfig conf) {
        return conf.getOptional(IncidentJobOptions.RULES_DIR).map(dir -> RulePackLoader.load(Path.of(dir)))
                .orElseGet(RulePackLoader::loadDefault);
    }
}
