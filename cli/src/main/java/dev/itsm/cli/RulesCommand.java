package dev.itsm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code itsm rules}: the tools for rule packs (check, test, replay, publish). Each subcommand is a class of its own. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Tools for rule packs (folders of YAML files, see rules/RULES.md).",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesReplayCommand.class, RulesPublishCommand.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
