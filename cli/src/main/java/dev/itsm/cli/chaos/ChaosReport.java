package dev.itsm.cli.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference run and one run per fault, printed as they finish: a line per run, the first differences under it,
 * and the final line {@code faults survived N/N, alerts lost X, incidents duplicated Y, differences Z}.
 *
 * @param reference what the reference run lost and duplicated on its own (a product problem without any fault)
 * @param outcomes  one per fault; a fault whose run broke off has none, and counts as not survived
 */
public record ChaosReport(Comparison reference, List<ChaosRunner.Outcome> outcomes, int faults) {
    private static final int DIFFERENCES_SHOWN = 8;

    public static ChaosReport run(ChaosRunner runner, List<Fault> faults, ChaosStorm storm, PrintStream out) throws Exception {
        ChaosRunner.Run reference = runner.reference();
        Comparison alone = Comparison.alone(reference.snapshot(), storm);
        RunSnapshot s = reference.snapshot();
        out.printf("%-14s no fault: settled %.1f s after the last alert; %d incidents, %d alerts, %d problems, %d SLA clocks, "
                        + "%d SLO statuses, %d dead letters; lost %d, duplicated %d%n", "reference",
                seconds(reference.settled()), s.of("incidents").size(), s.of("alerts").size(), s.of("problems").size(),
                s.of("sla").size(), s.of("slo").size(), s.deadLetters().size(), alone.lost(), alone.duplicated());
        out.flush();
        List<ChaosRunner.Outcome> outcomes = new ArrayList<>();
        for (Fault fault : faults) {
            try {
                ChaosRunner.Outcome outcome = runner.run(fault, reference);
                outcomes.add(outcome);
                print(outcome, reference, out);
            } catch (Exception e) {
                out.printf("%-14s %s: the run broke off: %s%n", fault.id(), fault.describe(runner.settings()), e.getMessage());
            }
            out.flush();
        }
        ChaosReport report = new ChaosReport(alone, List.copyOf(outcomes), faults.size());
        out.printf("faults survived %d/%d, alerts lost %d, incidents duplicated %d, differences %d%n",
                report.survived(), faults.size(), report.lost(), report.duplicated(), report.differences());
        out.flush();
        return report;
    }

    private static void print(ChaosRunner.Outcome o, ChaosRunner.Run reference, PrintStream out) {
        Comparison c = o.comparison();
        out.printf("%-14s %s: %s, whole again %.1f s after; settled %.1f s after the last alert (reference %.1f s); "
                        + "lost %d, duplicated %d, differences %d: %s%n", o.fault().id(), o.what(),
                o.run().restarts() == 0 ? "no job restarted" : "jobs restarted " + o.run().restarts() + "x",
                seconds(o.recovered()), seconds(o.run().settled()), seconds(reference.settled()), c.lost(), c.duplicated(),
                c.differences().size(), c.clean() ? "survived" : "NOT SURVIVED");
        c.differences().stream().limit(DIFFERENCES_SHOWN).forEach(d -> out.println("    " + d));
        if (c.differences().size() > DIFFERENCES_SHOWN) {
            out.printf("    ... and %d more%n", c.differences().size() - DIFFERENCES_SHOWN);
        }
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }

    public int survived() {
        return (int) outcomes.stream().filter(o -> o.comparison().clean()).count();
    }

    public int lost() {
        return reference.lost() + outcomes.stream().mapToInt(o -> o.comparison().lost()).sum();
    }

    public int duplicated() {
        return reference.duplicated() + outcomes.stream().mapToInt(o -> o.comparison().duplicated()).sum();
    }

    public int differences() {
        return outcomes.stream().mapToInt(o -> o.comparison().differences().size()).sum();
    }

    public boolean survivedAll() {
        return survived() == faults && lost() == 0 && duplicated() == 0 && differences() == 0;
    }
}
