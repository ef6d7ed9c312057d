package dev.itsm.jobs.problem;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.id.Ids;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.ProblemStatus;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.TestingRulePacks;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RulePackLoader;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.itsm.jobs.problem.TestingIncidents.hours;
import static dev.itsm.jobs.problem.TestingIncidents.next;
import static dev.itsm.jobs.problem.TestingIncidents.opened;
import static org.assertj.core.api.Assertions.assertThat;

/** The problem operator with the default pack's patterns, fed the candidates the signature step makes of incidents. */
class ProblemFunctionTest {
    private static final RulePack RULES = RulePackLoader.loadDefault();
    private static final String RECURRING = "recurring-failure";
    private static final String DAILY = "daily-failure";
    private static final String SERVICE = "service-repeatedly-impacted";
    private static final String CHRONIC = "chronic-flapping";
    private static final String DB01_POSTGRES = "root_cause_ci=db01, alert_name=PostgresDown";
    private static final Duration QUIET = Duration.ofDays(7);

    private KeyedBroadcastOperatorTestHarness<String, ProblemCandidate, RulePackRecord, Problem> harness;
    private long watermark = Long.MIN_VALUE;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness(new ProblemFunction(RULES));
    }

    private static KeyedBroadcastOperatorTestHarness<String, ProblemCandidate, RulePackRecord, Problem> harness(
            ProblemFunction function) throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(function, ProblemCandidate::key,
                Types.STRING, ActiveRulePack.STATE);
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE)); // as in the job: the rules input is idle
        return harness;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /**
     * Sends the incident change's candidates of one pattern, as the job's signature step makes them (the default
     * pack's signatures: the packs of these tests change no signature), and moves the watermark to its time: each
     * change is decided as it comes, in the order sent.
     */
    private void send(String patternId, Incident incident) throws Exception {
        arrive(patternId, incident);
        if (incident.updated().toEpochMilli() > watermark) {
            watermark(incident.updated());
        }
    }

    /** Sends the change's candidates of one pattern (null: of every pattern) without moving the watermark. */
    private void arrive(String patternId, Incident incident) throws Exception {
        for (ProblemCandidate candidate : candidates(incident)) {
            if (patternId == null || candidate.patternId().equals(patternId)) {
                harness.processElement(new StreamRecord<>(candidate, candidate.updated().toEpochMilli()));
            }
        }
    }

    private static List<ProblemCandidate> candidates(Incident incident) {
        List<ProblemCandidate> candidates = new ArrayList<>();
        SignatureFunction.candidates(RULES.problemPatterns(), incident, new ListCollector<>(candidates));
        return candidates;
    }

    private void watermark(Instant at) throws Exception {
        watermark = at.toEpochMilli();
        harness.processWatermark(new Watermark(watermark));
    }

    private static Incident postgresDownOnDb01(String id, double openedHour) {
        return opened(id, "db01", "PostgresDown", hours(openedHour), "payments");
    }

    private List<Problem> output() {
        return harness.extractOutputValues();
    }

    private Problem last() {
        List<Problem> out = output();
        return out.get(out.size() - 1);
    }

    private List<ProblemLink> links() {
        var links = harness.getSideOutput(ProblemJobDescriptors.PROBLEM_LINKS);
        return links == null ? List.of() : links.stream().map(StreamRecord::getValue).toList();
    }

    /** Entries in all keyed states, whatever the key. */
    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static String problemId(String pattern, String signature, String firstIncident) {
        return "prb-" + Ids.stable(pattern, signature, firstIncident).substring(0, 20);
    }

    // ---- event-time order ---------------------------------------------------------------------------------------

    /**
     * Incident changes of every pattern around the edge of the 24h window: which three db01 incidents make the
     * recurrence, and which five the payments service impact, depends on the order they are taken in; two of them
     * change at the same millisecond; one incident flaps.
     */
    private static List<Incident> edgeOfTheWindow() {
        List<Incident> changes = new ArrayList<>();
        for (Incident opened : List.of(postgresDownOnDb01("inc-1", 0), postgresDownOnDb01("inc-2", 1),
                postgresDownOnDb01("inc-3", 24.5), postgresDownOnDb01("inc-4", 25),
                opened("inc-5", "app07", "OutOfMemory", hours(24.6), "payments"),
                opened("inc-7", "db02", "ReplicationLag", hours(24.6), "payments"),
                opened("inc-6", "lb01", "HighLatency", hours(24.7), "payments"))) {
            changes.add(opened);
            changes.add(next(opened, opened.openedAt().plus(Duration.ofMinutes(20)), IncidentStatus.RESOLVED, 0));
        }
        Incident flapping = opened("inc-c", "web01", "HttpDown", hours(24.5));
        changes.add(flapping);
        for (int reopen = 1; reopen <= 3; reopen++) {
            flapping = next(flapping, hours(24.5 + 0.1 * reopen - 0.05), IncidentStatus.RESOLVED, reopen - 1);
            changes.add(flapping);
            flapping = next(flapping, hours(24.5 + 0.1 * reopen), IncidentStatus.NEW, reopen);
            changes.add(flapping);
        }
        return changes;
    }

    /** What one run made: the problems by id and revision, the links by incident and problem. */
    private record Run(List<Problem> problems, List<ProblemLink> links) {
    }

    /**
     * Runs a fresh operator over the changes in {@code arrival} order, moving the watermark to each of the
     * {@code watermarks} once every change at or before it has arrived (so none is late), then to the end of the input.
     */
    private Run run(List<Incident> arrival, List<Instant> watermarks) throws Exception {
        harness.close();
        harness = harness(new ProblemFunction(RULES));
        watermark = Long.MIN_VALUE;
        List<Incident> left = new ArrayList<>(arrival);
        for (Instant step : watermarks) {
            for (Incident change : List.copyOf(left)) {
                if (!change.updated().isAfter(step)) {
                    arrive(null, change);
                    left.remove(change);
                }
            }
            watermark(step);
        }
        for (Incident change : left) {
            arrive(null, change);
        }
        watermark(hours(26));
        return new Run(output().stream().sorted(java.util.Comparator.comparing(Problem::id)
                .thenComparingLong(Problem::revision)).toList(),
                links().stream().sorted(java.util.Comparator.comparing(ProblemLink::incidentId)
                        .thenComparing(ProblemLink::problemId)).toList());
    }

    @Test
    void shouldDecideTheSameProblemsAndLinksWhateverOrderTheChangesArriveIn() throws Exception {
        List<Incident> changes = edgeOfTheWindow();
        List<Incident> inTimeOrder = changes.stream().sorted(java.util.Comparator.comparing(Incident::updated)).toList();
        List<Instant> everyChange = inTimeOrder.stream().map(Incident::updated).distinct().toList();
        List<Incident> reversed = new ArrayList<>(changes);
        java.util.Collections.reverse(reversed);
        List<Incident> shuffled = new ArrayList<>(changes);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));

        // as they happened, each decided at once; then newest first and shuffled, with the watermark in a few big steps
        Run asTheyHappened = run(inTimeOrder, everyChange);
        Run newestFirst = run(reversed, List.of(hours(2), hours(24.55), hours(24.65)));
        Run shuffledInSteps = run(shuffled, List.of(hours(1), hours(24.6), hours(24.7), hours(25)));

        assertThat(newestFirst).isEqualTo(asTheyHappened);
        assertThat(shuffledInSteps).isEqualTo(asTheyHappened);
        String recurring = problemId(RECURRING, DB01_POSTGRES, "inc-2");
        String service = problemId(SERVICE, "service=payments", "inc-2");
        String chronic = problemId(CHRONIC, "root_cause_ci=web01, alert_name=HttpDown", "inc-c");
        assertThat(asTheyHappened.problems())
                .extracting(Problem::id, Problem::revision, Problem::status, Problem::updated, Problem::incidentIds)
                .containsExactlyInAnyOrder(
                        // at 24.5h inc-1 (0h) has left the window; inc-4 (25h) completes it, inc-2 (1h) still in
                        org.assertj.core.groups.Tuple.tuple(recurring, 1L, ProblemStatus.NEW, hours(25),
                                List.of("inc-2", "inc-3", "inc-4")),
                        // the fifth on payments within 24h is inc-6 (24.7h); inc-5 and inc-7 came at the same time
                        org.assertj.core.groups.Tuple.tuple(service, 1L, ProblemStatus.NEW, hours(24.7),
                                List.of("inc-2", "inc-3", "inc-5", "inc-7", "inc-6")),
                        org.assertj.core.groups.Tuple.tuple(service, 2L, ProblemStatus.NEW, hours(25),
                                List.of("inc-2", "inc-3", "inc-5", "inc-7", "inc-6", "inc-4")),
                        org.assertj.core.groups.Tuple.tuple(chronic, 1L, ProblemStatus.NEW, hours(24.8),
                                List.of("inc-c")));
        assertThat(asTheyHappened.links()).contains(new ProblemLink("inc-2", recurring, hours(25)),
                new ProblemLink("inc-4", service, hours(25)), new ProblemLink("inc-5", service, hours(24.7)),
                new ProblemLink("inc-c", chronic, hours(24.8)));
        assertThat(asTheyHappened.links()).hasSize(3 + 6 + 1);
    }

    @Test
    void shouldDecideOnlyWhenTheWatermarkPassesTheChange() throws Exception {
        arrive(RECURRING, postgresDownOnDb01("inc-1", 0));
        arrive(RECURRING, postgresDownOnDb01("inc-2", 2));
        arrive(RECURRING, postgresDownOnDb01("inc-3", 5));
        watermark(hours(5).minusMillis(1));

        assertThat(output()).as("the third waits for the watermark").isEmpty();
        assertThat(links()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("one timer, at the waiting change").isEqualTo(1);

        watermark(hours(5));

        assertThat(output()).singleElement().satisfies(problem -> {
            assertThat(problem.updated()).isEqualTo(hours(5));
            assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3");
        });
        assertThat(links()).hasSize(3);
    }

    @Test
    void shouldTakeAChangeBehindTheWatermarkAtOnceAtItsOwnTime() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));
        watermark(hours(10));
        assertThat(output()).isEmpty();

        arrive(RECURRING, postgresDownOnDb01("inc-late", 9));

        assertThat(output()).as("not dropped, and not held back").singleElement().satisfies(problem -> {
            assertThat(problem.updated()).isEqualTo(hours(9));
            assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-late");
        });
    }

    @Test
    void shouldListTheIncidentsByOpeningWhateverOrderTheyAreLinkedIn() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));
        send(RECURRING, postgresDownOnDb01("inc-3", 2));
        send(RECURRING, postgresDownOnDb01("inc-5", 5));
        // inc-4 opened before inc-5, but comes after the watermark passed inc-5 (its partition lagged): taken at once
        arrive(RECURRING, postgresDownOnDb01("inc-4", 4));

        Problem problem = last();
        assertThat(problem.incidentIds()).as("in the order of their opening, as if it had come in time")
                .containsExactly("inc-1", "inc-2", "inc-3", "inc-4", "inc-5");
        assertThat(problem.occurrences()).isEqualTo(5);
        assertThat(problem.revision()).isEqualTo(3);
        assertThat(problem.updated()).as("a late link does not move the problem back in time").isEqualTo(hours(5));
        assertThat(links()).last().isEqualTo(new ProblemLink("inc-4", problem.id(), hours(4)));
    }

    @Test
    void shouldKeepTheOrderOfAProblemFromAStateWithoutItsMembers() throws Exception {
        for (int i = 1; i <= 4; i++) {
            send(RECURRING, postgresDownOnDb01("inc-" + i, i - 1));
        }
        // as a savepoint of the version before the members were kept restores: the incidents in the order they were
        // linked in, and no members
        Problem p = last();
        var operator = harness.getOperator();
        operator.setCurrentKey(ProblemCandidate.key(RECURRING, DB01_POSTGRES));
        var namespace = org.apache.flink.runtime.state.VoidNamespace.INSTANCE;
        var namespaces = org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE;
        operator.getKeyedStateBackend().getPartitionedState(namespace, namespaces, ProblemJobDescriptors.members()).clear();
        operator.getKeyedStateBackend().getPartitionedState(namespace, namespaces, ProblemJobDescriptors.problem())
                .update(new Problem(p.id(), p.revision(), p.title(), p.status(), p.pattern(), p.signature(),
                        p.rootCauseCiId(), p.service(), p.firstSeen(), p.lastSeen(), p.occurrences(),
                        List.of("inc-1", "inc-3", "inc-2", "inc-4"), p.rulePackVersion(), p.updated(), p.workaround()));

        send(RECURRING, postgresDownOnDb01("inc-6", 5));
        arrive(RECURRING, postgresDownOnDb01("inc-5", 4));

        assertThat(last().incidentIds()).as("the restored list as it was, then the newer ones by opening")
                .containsExactly("inc-1", "inc-3", "inc-2", "inc-4", "inc-5", "inc-6");
        assertThat(last().occurrences()).isEqualTo(6);
    }

    @Test
    void shouldListTheLatestIncidentsByOpeningUpToTheLimit() throws Exception {
        int count = ProblemFunction.MAX_INCIDENT_IDS + 5;
        for (int i = 0; i < count; i++) {
            // one a minute, every second one arriving after the next: each is linked behind the one opened after it
            int n = i % 2 == 0 ? i + 1 : i - 1;
            send(RECURRING, postgresDownOnDb01("inc-" + (n < count ? n : i), (n < count ? n : i) / 60.0));
        }
        Problem problem = last();
        assertThat(problem.occurrences()).isEqualTo(count);
        assertThat(problem.incidentIds()).hasSize(ProblemFunction.MAX_INCIDENT_IDS)
                .first().isEqualTo("inc-5");
        assertThat(problem.incidentIds()).last().isEqualTo("inc-" + (count - 1));
        List<String> expected = new ArrayList<>();
        for (int i = 5; i < count; i++) {
            expected.add("inc-" + i);
        }
        assertThat(problem.incidentIds()).as("by opening").isEqualTo(expected);
    }

    // ---- recurrence --------------------------------------------------------------------------------------------

    @Test
    void shouldOpenAProblemOnTheThirdIncidentOfOneSignatureWithin24Hours() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 2));
        assertThat(output()).isEmpty();

        send(RECURRING, postgresDownOnDb01("inc-3", 5));

        Problem problem = last();
        assertThat(output()).hasSize(1);
        assertThat(problem.id()).isEqualTo(problemId(RECURRING, DB01_POSTGRES, "inc-1")).hasSize(24);
        assertThat(problem.revision()).isEqualTo(1);
        assertThat(problem.title()).isEqualTo("Recurring: PostgresDown on db01 (3 incidents in 24h)");
        assertThat(problem.status()).isEqualTo(ProblemStatus.NEW);
        assertThat(problem.pattern()).isEqualTo(RECURRING);
        assertThat(problem.signature()).isEqualTo(DB01_POSTGRES);
        assertThat(problem.rootCauseCiId()).isEqualTo("db01");
        assertThat(problem.service()).isNull();
        assertThat(problem.firstSeen()).isEqualTo(hours(0));
        assertThat(problem.lastSeen()).isEqualTo(hours(5));
        assertThat(problem.occurrences()).isEqualTo(3);
        assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3");
        assertThat(problem.rulePackVersion()).isEqualTo(RULES.lineage());
        assertThat(problem.updated()).isEqualTo(hours(5));
        assertThat(links()).as("decided when the third opened").containsExactly(
                new ProblemLink("inc-1", problem.id(), hours(5)), new ProblemLink("inc-2", problem.id(), hours(5)),
                new ProblemLink("inc-3", problem.id(), hours(5)));
    }

    @Test
    void shouldOpenAKnownErrorWithItsWorkaroundAndReopenItAsOne() throws Exception {
        java.util.Map<String, String> files = new java.util.HashMap<>(RulePackLoader.defaultFiles());
        files.put("problems.yaml", """
                known-errors:
                  - id: db01-postgres-oom
                    pattern: recurring-failure
                    signature: {alert_name: PostgresDown, root_cause_ci: db01}
                    workaround: Restart PostgreSQL with the smaller shared_buffers; fix in CHG-77.
                  - id: other-pattern-only
                    pattern: daily-failure
                    signature: {root_cause_ci: db02, alert_name: PostgresDown}
                    workaround: not this one
                """);
        harness.close();
        harness = harness(new ProblemFunction(RulePackLoader.parse(files)));

        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 2));
        send(RECURRING, postgresDownOnDb01("inc-3", 5));
        assertThat(last().status()).isEqualTo(ProblemStatus.KNOWN_ERROR);
        assertThat(last().workaround()).isEqualTo("Restart PostgreSQL with the smaller shared_buffers; fix in CHG-77.");

        watermark(hours(5).plus(QUIET));
        assertThat(last().status()).isEqualTo(ProblemStatus.RESOLVED);
        send(RECURRING, postgresDownOnDb01("inc-4", 5 + 24 * 7 + 1));
        assertThat(last().status()).as("reopened as the known error it is").isEqualTo(ProblemStatus.KNOWN_ERROR);
        assertThat(last().workaround()).startsWith("Restart PostgreSQL");

        send(RECURRING, opened("inc-9", "db02", "PostgresDown", hours(200), "payments"));
        send(RECURRING, opened("inc-10", "db02", "PostgresDown", hours(201), "payments"));
        send(RECURRING, opened("inc-11", "db02", "PostgresDown", hours(202), "payments"));
        assertThat(last().signature()).contains("db02");
        assertThat(last().status()).as("a known error of another pattern does not apply").isEqualTo(ProblemStatus.NEW);
        assertThat(last().workaround()).isNull();
    }

    @Test
    void shouldNotOpenWhenTheWindowHasSlidPastTheOlderIncidents() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));
        send(RECURRING, postgresDownOnDb01("inc-3", 25)); // inc-1 opened more than 24h before

        assertThat(output()).isEmpty();

        send(RECURRING, postgresDownOnDb01("inc-4", 24.5));
        assertThat(last().incidentIds()).containsExactly("inc-2", "inc-4", "inc-3");
        assertThat(last().firstSeen()).isEqualTo(hours(1));
        assertThat(last().lastSeen()).isEqualTo(hours(25));
    }

    @Test
    void shouldCountEveryRevisionOfAnIncidentOnce() throws Exception {
        Incident first = postgresDownOnDb01("inc-1", 0);
        Incident resolved = next(first, hours(1), IncidentStatus.RESOLVED, 0);
        Incident reopened = next(resolved, hours(1.2), IncidentStatus.NEW, 1);
        send(RECURRING, first);
        send(RECURRING, resolved);
        send(RECURRING, reopened);
        send(RECURRING, postgresDownOnDb01("inc-2", 2));
        assertThat(output()).as("two incidents, however many revisions").isEmpty();

        send(RECURRING, postgresDownOnDb01("inc-3", 3));
        send(RECURRING, next(reopened, hours(4), IncidentStatus.CLOSED, 1));

        assertThat(output()).singleElement().satisfies(problem ->
                assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3"));
        assertThat(links()).hasSize(3);
    }

    @Test
    void shouldLinkEveryFurtherIncidentToTheOpenProblemOnce() throws Exception {
        Incident fourth = postgresDownOnDb01("inc-4", 30);
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));
        send(RECURRING, postgresDownOnDb01("inc-3", 2));

        send(RECURRING, fourth);
        send(RECURRING, next(fourth, hours(31), IncidentStatus.RESOLVED, 0));

        assertThat(output()).hasSize(2);
        Problem problem = last();
        assertThat(problem.revision()).isEqualTo(2);
        assertThat(problem.status()).isEqualTo(ProblemStatus.NEW);
        assertThat(problem.occurrences()).isEqualTo(4);
        assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3", "inc-4");
        assertThat(problem.lastSeen()).isEqualTo(hours(30));
        assertThat(problem.updated()).isEqualTo(hours(30));
        assertThat(problem.title()).as("says why it opened").isEqualTo("Recurring: PostgresDown on db01 (3 incidents in 24h)");
        assertThat(links()).hasSize(4).last().isEqualTo(new ProblemLink("inc-4", problem.id(), hours(30)));
    }

    @Test
    void shouldKeepSignaturesApart() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, opened("inc-2", "db02", "PostgresDown", hours(1)));
        send(RECURRING, opened("inc-3", "db01", "DiskFull", hours(2)));

        assertThat(output()).isEmpty();
    }

    @Test
    void shouldIgnoreAnIncidentFirstSeenLongerThanTheWindowAfterItOpened() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 10));
        send(RECURRING, postgresDownOnDb01("inc-2", 11));
        // e.g. read from a compacted topic: only its last revision is left
        send(RECURRING, next(postgresDownOnDb01("inc-old", 0), hours(30), IncidentStatus.CLOSED, 0));

        assertThat(output()).isEmpty();
    }

    // ---- resolve, reopen, forget -------------------------------------------------------------------------------

    private Problem openRecurring() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));
        send(RECURRING, postgresDownOnDb01("inc-3", 2));
        return last();
    }

    @Test
    void shouldResolveWhenNoIncidentMatchedForTheQuietPeriod() throws Exception {
        Problem open = openRecurring();

        watermark(hours(2).plus(QUIET).minusMillis(1));
        assertThat(output()).hasSize(1);

        watermark(hours(2).plus(QUIET));
        Problem resolved = last();
        assertThat(resolved.id()).isEqualTo(open.id());
        assertThat(resolved.status()).isEqualTo(ProblemStatus.RESOLVED);
        assertThat(resolved.revision()).isEqualTo(2);
        assertThat(resolved.updated()).isEqualTo(hours(2).plus(QUIET));
        assertThat(resolved.occurrences()).isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).as("the timer to forget it").isEqualTo(1);
    }

    @Test
    void shouldReopenAResolvedProblemOnTheNextMatchingIncident() throws Exception {
        Problem open = openRecurring();
        watermark(hours(2).plus(QUIET));

        send(RECURRING, postgresDownOnDb01("inc-4", 24 * 10));

        Problem reopened = last();
        assertThat(reopened.id()).isEqualTo(open.id());
        assertThat(reopened.status()).isEqualTo(ProblemStatus.NEW);
        assertThat(reopened.revision()).isEqualTo(3);
        assertThat(reopened.occurrences()).isEqualTo(4);
        assertThat(reopened.incidentIds()).endsWith("inc-4");
        assertThat(reopened.lastSeen()).isEqualTo(hours(24 * 10));
        assertThat(links()).last().isEqualTo(new ProblemLink("inc-4", open.id(), hours(24 * 10)));
    }

    @Test
    void shouldForgetAResolvedProblemAfterAnotherQuietPeriodAndStartAfresh() throws Exception {
        openRecurring();
        watermark(hours(2).plus(QUIET));
        assertThat(keyedStateEntries()).isPositive();

        watermark(hours(2).plus(QUIET).plus(QUIET));

        assertThat(output()).hasSize(2);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(RECURRING, postgresDownOnDb01("inc-5", 24 * 20));
        assertThat(output()).as("one incident is no recurrence").hasSize(2);
        send(RECURRING, postgresDownOnDb01("inc-6", 24 * 20 + 1));
        send(RECURRING, postgresDownOnDb01("inc-7", 24 * 20 + 2));
        assertThat(last().id()).isEqualTo(problemId(RECURRING, DB01_POSTGRES, "inc-5"));
        assertThat(last().revision()).isEqualTo(1);
    }

    @Test
    void shouldClearTheStateOfIncidentsThatNeverMadeAProblemOnceTheyLeaveTheWindow() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        watermark(hours(24));
        assertThat(keyedStateEntries()).isPositive();
        watermark(hours(25).plusMillis(1));

        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(output()).isEmpty();
    }

    // ---- periodicity -------------------------------------------------------------------------------------------

    @Test
    void shouldFindAFailureEveryDayAtTheSameHour() throws Exception {
        send(DAILY, opened("inc-1", "db01", "BackupFailed", hours(0)));
        send(DAILY, opened("inc-2", "db01", "BackupFailed", hours(24).plus(Duration.ofMinutes(10))));
        // an unrelated failure in between does not spoil the rhythm
        send(DAILY, opened("inc-x", "db01", "BackupFailed", hours(30)));
        assertThat(output()).isEmpty();

        send(DAILY, opened("inc-3", "db01", "BackupFailed", hours(48).minus(Duration.ofMinutes(5))));

        Problem problem = last();
        assertThat(problem.title()).isEqualTo("Periodic: BackupFailed on db01 (3 incidents about every 23h58m)");
        assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3");
        assertThat(problem.pattern()).isEqualTo(DAILY);
        assertThat(problem.firstSeen()).isEqualTo(hours(0));
    }

    @Test
    void shouldNotTakeIrregularIntervalsForAPeriod() throws Exception {
        send(DAILY, opened("inc-1", "db01", "BackupFailed", hours(0)));
        send(DAILY, opened("inc-2", "db01", "BackupFailed", hours(20)));
        send(DAILY, opened("inc-3", "db01", "BackupFailed", hours(50)));

        assertThat(output()).isEmpty();
    }

    @Test
    void shouldNotTakeIntervalsUnderAnHourForAPeriod() throws Exception {
        send(DAILY, opened("inc-1", "db01", "BackupFailed", hours(0)));
        send(DAILY, opened("inc-2", "db01", "BackupFailed", hours(0.5)));
        send(DAILY, opened("inc-3", "db01", "BackupFailed", hours(1)));

        assertThat(output()).isEmpty();
    }

    // ---- service impact ----------------------------------------------------------------------------------------

    @Test
    void shouldOpenAProblemForAServiceImpactedFiveTimesWhateverTheCause() throws Exception {
        send(SERVICE, opened("inc-1", "db01", "PostgresDown", hours(0), "payments"));
        send(SERVICE, opened("inc-2", "lb01", "HighLatency", hours(1), "payments", "shop"));
        send(SERVICE, opened("inc-3", "app07", "OutOfMemory", hours(2), "payments"));
        send(SERVICE, opened("inc-4", "db01", "DiskFull", hours(3), "payments", "shop"));
        send(SERVICE, opened("inc-5", null, "Unreachable", hours(4), "shop"));
        assertThat(output()).isEmpty();

        send(SERVICE, opened("inc-6", "db02", "ReplicationLag", hours(5), "payments"));

        Problem problem = last();
        assertThat(output()).hasSize(1);
        assertThat(problem.title()).isEqualTo("Service repeatedly impacted: payments (5 incidents in 24h)");
        assertThat(problem.service()).isEqualTo("payments");
        assertThat(problem.rootCauseCiId()).isNull();
        assertThat(problem.signature()).isEqualTo("service=payments");
        assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3", "inc-4", "inc-6");
    }

    // ---- chronic flapping --------------------------------------------------------------------------------------

    @Test
    void shouldOpenAProblemWhenAnIncidentIsReopenedTheThirdTime() throws Exception {
        Incident incident = postgresDownOnDb01("inc-1", 0);
        send(CHRONIC, incident);
        for (int reopen = 1; reopen <= 2; reopen++) {
            incident = next(incident, hours(reopen), IncidentStatus.RESOLVED, reopen - 1);
            send(CHRONIC, incident);
            incident = next(incident, hours(reopen + 0.5), IncidentStatus.NEW, reopen);
            send(CHRONIC, incident);
        }
        send(CHRONIC, next(incident, hours(3), IncidentStatus.RESOLVED, 2));
        assertThat(output()).isEmpty();

        Incident third = next(incident, hours(3.5), IncidentStatus.NEW, 3);
        send(CHRONIC, third);
        send(CHRONIC, next(third, hours(4), IncidentStatus.RESOLVED, 3));
        send(CHRONIC, next(third, hours(4.5), IncidentStatus.NEW, 4));

        Problem problem = last();
        assertThat(output()).hasSize(1);
        assertThat(problem.title()).isEqualTo("Chronic flapping: PostgresDown on db01 (reopened 3 times)");
        assertThat(problem.id()).isEqualTo(problemId(CHRONIC, DB01_POSTGRES, "inc-1"));
        assertThat(problem.incidentIds()).containsExactly("inc-1");
        assertThat(problem.updated()).isEqualTo(hours(3.5));
        assertThat(links()).containsExactly(new ProblemLink("inc-1", problem.id(), hours(3.5)));
    }

    @Test
    void shouldJoinAnotherChronicIncidentOfTheSignatureButNotOneThatOnlyResolvedOrClosed() throws Exception {
        send(CHRONIC, next(postgresDownOnDb01("inc-1", 0), hours(5), IncidentStatus.NEW, 3));
        Incident second = postgresDownOnDb01("inc-2", 10);
        send(CHRONIC, next(second, hours(20), IncidentStatus.RESOLVED, 5));
        send(CHRONIC, next(second, hours(21), IncidentStatus.CLOSED, 5));
        assertThat(output()).hasSize(1);

        send(CHRONIC, next(second, hours(22), IncidentStatus.NEW, 6));

        assertThat(last().revision()).isEqualTo(2);
        assertThat(last().incidentIds()).containsExactly("inc-1", "inc-2");
        assertThat(last().occurrences()).isEqualTo(2);
    }

    @Test
    void shouldForgetAChronicFlappingProblemToo() throws Exception {
        send(CHRONIC, next(postgresDownOnDb01("inc-1", 0), hours(5), IncidentStatus.NEW, 3));

        watermark(hours(5).plus(QUIET).plus(QUIET));

        assertThat(output()).extracting(Problem::status).containsExactly(ProblemStatus.NEW, ProblemStatus.RESOLVED);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    // ---- a pack published while the job runs -------------------------------------------------------------------

    @Test
    void shouldJudgeNewIncidentsWithAPublishedPacksThresholdAndNameItsLineage() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        RulePackRecord twice = TestingRulePacks.defaultWithRecurrenceAfter("2026.11.2", 2);

        harness.processBroadcastElement(twice, 0);
        assertThat(output()).as("a new pack alone changes no problem").isEmpty();
        send(RECURRING, postgresDownOnDb01("inc-2", 1));

        assertThat(output()).as("the incident kept from before counts with the new threshold").singleElement()
                .satisfies(problem -> {
                    assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2");
                    assertThat(problem.rulePackVersion()).isEqualTo(twice.lineage()).isNotEqualTo(RULES.lineage())
                            .startsWith("default@2026.11.2#");
                });
        assertThat(harness.getBroadcastState(ActiveRulePack.STATE).immutableEntries()).singleElement()
                .satisfies(entry -> assertThat(entry.getValue()).isEqualTo(twice));
    }

    @Test
    void shouldKeepAnOpenProblemWhenAPackRaisesTheThresholdAndNameTheNewLineageOnItsNextRevision() throws Exception {
        Problem open = openRecurring();
        RulePackRecord stricter = TestingRulePacks.defaultWithRecurrenceAfter("2026.11.2", 10);

        harness.processBroadcastElement(stricter, 0);
        send(RECURRING, postgresDownOnDb01("inc-4", 3));

        assertThat(open.rulePackVersion()).isEqualTo(RULES.lineage());
        assertThat(last()).extracting(Problem::id, Problem::status, Problem::occurrences, Problem::rulePackVersion)
                .containsExactly(open.id(), ProblemStatus.NEW, 4, stricter.lineage());
    }

    @Test
    void shouldResolveAndForgetAProblemWhosePatternThePublishedPackDropped() throws Exception {
        Problem open = openRecurring();
        RulePackRecord without = TestingRulePacks.defaultWith("pack.yaml", "name: default\nversion: 2026.11.2\n",
                "problems.yaml", "patterns: []\n");

        harness.processBroadcastElement(without, 0);
        send(RECURRING, postgresDownOnDb01("inc-4", 3));
        assertThat(output()).as("no incident joins it any more").hasSize(1);

        watermark(hours(2).plus(QUIET));
        assertThat(last()).extracting(Problem::id, Problem::status, Problem::rulePackVersion)
                .containsExactly(open.id(), ProblemStatus.RESOLVED, without.lineage());
        watermark(hours(2).plus(QUIET).plus(QUIET));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldRunThePackFromBroadcastStateAfterARestore() throws Exception {
        send(RECURRING, postgresDownOnDb01("inc-1", 0));
        RulePackRecord twice = TestingRulePacks.defaultWithRecurrenceAfter("2026.11.2", 2);
        harness.processBroadcastElement(twice, 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // restarted with the default pack (three incidents): the published pack from state wins
        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new ProblemFunction(RULES),
                List.of(ActiveRulePack.STATE)), ProblemCandidate::key, Types.STRING, 1, 1, 0);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        send(RECURRING, postgresDownOnDb01("inc-2", 1));

        assertThat(output()).singleElement().satisfies(problem -> {
            assertThat(problem.incidentIds()).containsExactly("inc-1", "inc-2");
            assertThat(problem.rulePackVersion()).isEqualTo(twice.lineage());
        });
    }
}
