package dev.itsm.jobs.problem;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.jobs.JobEnvironments;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.itsm.jobs.problem.TestingIncidents.hours;
import static dev.itsm.jobs.problem.TestingIncidents.next;
import static dev.itsm.jobs.problem.TestingIncidents.opened;
import static org.assertj.core.api.Assertions.assertThat;

/** The problem job's whole graph on a MiniCluster, from a bounded list of incident changes to collecting sinks. */
class ProblemJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void shouldOpenAProblemForRecurringIncidentsLinkThemAndResolveItWhenTheInputEnds() throws Exception {
        List<Incident> changes = new ArrayList<>();
        for (String[] incident : new String[][] {{"inc-1", "0"}, {"inc-2", "1"}, {"inc-3", "5"}}) {
            Incident first = opened(incident[0], "db01", "PostgresDown", hours(Double.parseDouble(incident[1])), "payments");
            changes.add(first);
            changes.add(next(first, first.updated().plusSeconds(600), IncidentStatus.RESOLVED, 0));
        }
        // an incident without a known root cause counts for no pattern with a root_cause_ci signature
        changes.add(TestingIncidents.withoutRootCause(opened("inc-4", "db01", "PostgresDown", hours(6))));
        var problems = new TestingSink<Problem>();
        var links = new TestingSink<ProblemLink>();
        StreamExecutionEnvironment env = JobEnvironments.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                new Configuration());
        env.setParallelism(2);
        ProblemJob job = new ProblemJob(RulePackLoader.loadDefault());

        job.build(new ProblemJob.Inputs(env.fromData(changes).assignTimestampsAndWatermarks(job.watermarks()),
                        TestingRulePacks.topic(env, TestingRulePacks.defaultWith())),
                new ProblemJob.Sinks(problems, links));
        env.execute("problem job test");

        // the end of the input moves event time to the end of time: every problem resolves
        assertThat(problems.received()).extracting(Problem::pattern, Problem::status, Problem::revision)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple("recurring-failure", ProblemStatus.NEW, 1L),
                        org.assertj.core.api.Assertions.tuple("recurring-failure", ProblemStatus.RESOLVED, 2L));
        Problem opened = problems.received().stream().filter(p -> p.revision() == 1).findFirst().orElseThrow();
        assertThat(opened.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3");
        assertThat(links.received()).as("decided when the third opened").containsExactlyInAnyOrder(
                new ProblemLink("inc-1", opened.id(), hours(5)), new ProblemLink("inc-2", opened.id(), hours(5)),
                new ProblemLink("inc-3", opened.id(), hours(5)));
    }
}
