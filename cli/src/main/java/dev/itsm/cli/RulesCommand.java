package dev.itsm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code itsm rules}: the rule-pack tools. Each subcommand is a class of its own. */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        description = "Tools for rule packs: test them against expected outcomes, replay recorded alerts through them.",
        subcommands = {RulesTestCommand.class, RulesReplayCommand.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
