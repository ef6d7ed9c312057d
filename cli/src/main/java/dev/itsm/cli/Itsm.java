package dev.itsm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code itsm} command. Each subcommand is a class of its own. */
@Command(name = "itsm",
        mixinStandardHelpOptions = true,
        versionProvider = Itsm.Version.class,
        description = "Alerts in, correlated and prioritised incidents, problems, SLA and SLO compliance out, on Apache Flink.",
        subcommands = {DemoCommand.class, StackCommand.class, RunCommand.class, IncidentCommand.class, RulesCommand.class,
                BenchCommand.class, ChaosCommand.class, SetupCommand.class, GatewayCommand.class, CommandLine.HelpCommand.class})
public final class Itsm implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for {@code main} and for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new Itsm()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        // no subcommand: say what there is instead of doing nothing
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Itsm.class.getPackage().getImplementationVersion();
            return new String[] {"itsm " + (version == null ? "development build" : version)};
        }
    }
}
