package dev.itsm.cli;

import dev.itsm.cli.rules.RuleTests;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import dev.itsm.rules.RuleValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code itsm rules test DIR [FILE...]}: runs a pack's rule tests through the real jobs. */
@Command(name = "test",
        mixinStandardHelpOptions = true,
        description = {"Runs rule tests (DIR/tests/*.yaml, format in rules/RULES.md) through the real incident and problem "
                + "jobs on an embedded Flink cluster, and prints every difference from what they expect.",
                "Exit code: 0 all passed, 1 a case failed, 2 a test file or the pack is invalid."})
final class RulesTestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The rule pack folder.")
    Path pack;

    @Parameters(index = "1..*", paramLabel = "FILE", description = "Test files to run instead of DIR/tests/*.yaml.")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(pack)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no rule pack folder: " + pack);
        }
        List<Path> tests = files == null || files.isEmpty() ? RuleTests.filesOf(pack) : files;
        for (Path file : tests) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
            }
        }
        if (tests.isEmpty()) {
            out.println("No rule tests in " + pack.resolve("tests") + " (see rules/RULES.md, \"Rule tests\").");
            return RuleTests.INVALID;
        }
        RulePack rules;
        try {
            rules = RulePackLoader.load(pack);
        } catch (RuleValidationException e) {
            out.println(e.getMessage());
            return RuleTests.INVALID;
        }
        return RuleTests.run(rules, tests, out);
    }
}
