package dev.itsm.cli;

import dev.itsm.jobs.ConfigFiles;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code --config FILE} and {@code -D KEY=VALUE}: the settings of a command that talks to Kafka or runs a job. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Settings as 'key: value' or 'key=value' lines (see README, Configuration reference).")
    Path config;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A setting, overriding the file.")
    Map<String, String> settings = Map.of();

    /** The settings, the file's overridden by {@code -D}; a missing file is a usage error of {@code command}. */
    Configuration configuration(CommandLine command) throws java.io.IOException {
        List<String> args = new ArrayList<>();
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new CommandLine.ParameterException(command, "no such file: " + config);
            }
            args.add("--config");
            args.add(config.toString());
        }
        settings.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return ConfigFiles.fromArgs(args);
    }
}
