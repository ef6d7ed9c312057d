package dev.itsm.cli.chaos;

import java.util.Arrays;
import java.util.Locale;

/** What {@code itsm chaos} does to the pipeline in the middle of a storm. */
public enum Fault {
    /** No fault: the reference run again, to show that the comparison only sees what a fault changed. */
    REPEAT("the reference again, without a fault"),
    TASKMANAGER("TaskManager 0 killed with SIGKILL, restarted after the run"),
    ELASTICSEARCH("Elasticsearch frozen with SIGSTOP for %ds, then SIGCONT"),
    BROKER("the Kafka broker killed with SIGKILL, restarted %ds later"),
    SAVEPOINT("the incident job stopped with a savepoint and started again from it"),
    CMDB("a relation cycle and relations to unknown CIs published to the CMDB topic");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** The name on the command line: {@code taskmanager}, {@code broker}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String describe(ChaosRunner.Settings settings) {
        return switch (this) {
            case ELASTICSEARCH -> description.formatted(settings.elasticsearchFrozen().toSeconds());
            case BROKER -> description.formatted(settings.brokerDown().toSeconds());
            default -> description;
        };
    }

    /** The fault of that {@link #id()}. */
    public static Fault of(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + id + "' (known: "
                        + String.join(", ", Arrays.stream(values()).map(Fault::id).toList()) + ")"));
    }
}
