package dev.itsm.cli;

import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.RuleValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code itsm rules check DIR}: validates a rule pack as the jobs would load it, for people and for CI.
 *
 * <p>Exit codes: 0 the pack is valid ({@code OK rule pack NAME@VERSION#HASH: ...} on standard output); 1 it is not
 * (each problem on a line of standard error as {@code DIR/FILE:LINE: PATH: WHAT}, so that editors and CI logs link it
 * to its line, then {@code INVALID rule pack NAME: N problems}), or a file cannot be read; 2 the command line is
 * wrong (no such folder, a file instead of a folder, a missing or unknown argument).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a rule pack: every problem as FILE:LINE: PATH: WHAT on standard error.",
                "Exit code 0: valid; 1: invalid (or a file cannot be read); 2: wrong command line."})
final class RulesCheckCommand implements Callable<Integer> {
    /** The exit code of an invalid pack (0 and 2 are picocli's for success and a wrong command line). */
    static final int INVALID = 1;

    @Parameters(index = "0", paramLabel = "DIR", description = "The rule pack folder, e.g. rules/pack.")
    Path directory;

    @Option(names = {"-q", "--quiet"}, description = "Print only the problems: no OK or INVALID line.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine line = spec.commandLine();
        if (!Files.exists(directory)) {
            throw new CommandLine.ParameterException(line, "no such folder: " + directory);
        }
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(line, "not a folder: " + directory + " (give the folder of the pack)");
        }
        PrintWriter out = line.getOut();
        PrintWriter err = line.getErr();
        try {
            RulePack pack = RulePackLoader.load(directory);
            if (!quiet) {
                out.println("OK rule pack " + pack.lineage() + ": " + summary(pack));
            }
            return 0;
        } catch (RuleValidationException e) {
            e.problems().forEach(problem -> err.println(directory + File.separator + problem));
            if (!quiet) {
                err.println("INVALID rule pack " + e.packName() + ": " + e.problems().size()
                        + (e.problems().size() == 1 ? " problem" : " problems"));
            }
            return INVALID;
        } catch (UncheckedIOException e) {
            err.println("itsm rules check: " + e.getMessage());
            return INVALID;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code 12 files, 2 routes, 1 inhibit rule, ...}: every kind of rule, also those the pack has none of. */
    static String summary(RulePack pack) {
        List<String> parts = new ArrayList<>();
        parts.add(RulePackLoader.FILES.size() + " files");
        pack.ruleIds().forEach((kind, ids) -> parts.add(kind.count(ids.size())));
        return String.join(", ", parts);
    }
}
