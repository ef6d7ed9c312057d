package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Severity;
import dev.itsm.core.model.Urgency;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flink ships the pack inside the job's functions with Java serialisation. */
class RulePackSerializationTest {

    @Test
    void shouldSurviveJavaSerialisationWithEveryLookupIntact() throws Exception {
        RulePack original = RulePackLoader.load(TestingPacks.folder("good-custom"));

        RulePack copy = roundTrip(original);

        assertThat(copy).isNotSameAs(original).isEqualTo(original);
        assertThat(copy.lineage()).isEqualTo(original.lineage());
        assertThat(copy.description()).isEqualTo(original.description());
        assertThat(copy.identifyingLabels("zabbix")).containsExactly("host", "trigger_id");
        assertThat(copy.identifyingLabels("unknown")).containsExactly("alertname", "instance");
        assertThat(copy.groupBy()).containsExactly("team", "env");
        for (Severity severity : Severity.values()) {
            assertThat(copy.urgency(severity)).isEqualTo(original.urgency(severity));
        }
        for (int criticality = 1; criticality <= 5; criticality++) {
            assertThat(copy.impact(criticality)).isEqualTo(original.impact(criticality));
        }
        for (Impact impact : Impact.values()) {
            for (Urgency urgency : Urgency.values()) {
                assertThat(copy.priority(impact, urgency)).isEqualTo(original.priority(impact, urgency));
            }
        }
        assertThat(copy.priority(Impact.HIGH, Urgency.HIGH)).isEqualTo(Priority.P1);
        assertThat(copy.impactUnknownCi()).isEqualTo(Impact.LOW);
        // the regex of a routing rule is recompiled on the other side
        assertThat(copy.route(Map.of("team", "storage"), null, null)).contains("dba");
        assertThat(copy.route(Map.of("team", "storagex"), null, null)).isEmpty();
        assertThat(copy.route(Map.of(), "switch", "network")).contains("network-ops");
        assertThat(copy.defaultSupportGroup()).isEqualTo("service-desk");
        assertThat(copy.reoccurrenceInterval()).isEqualTo(original.reoccurrenceInterval());
        assertThat(copy.resolveHold()).isEqualTo(original.resolveHold());
        assertThat(copy.reopenWindow()).isEqualTo(original.reopenWindow());
        assertThat(copy.outOfOrderness()).isEqualTo(original.outOfOrderness());
        assertThat(copy.allowedLateness()).isEqualTo(original.allowedLateness());
        assertThat(copy.closedAlertRetention()).isEqualTo(original.closedAlertRetention());
        assertThat(copy.maxPayloadBytes()).isEqualTo(original.maxPayloadBytes());
        assertThat(copy.defaultSeverity()).isEqualTo(Severity.MINOR);
        assertThat(copy.severity("Not Classified")).contains(Severity.WARNING);
        assertThat(copy.maxHops()).isEqualTo(original.maxHops());
        assertThat(copy.correlationWindow()).isEqualTo(original.correlationWindow());
        assertThat(copy.regionBoundaryTypes()).isEqualTo(original.regionBoundaryTypes());
        assertThat(copy.flapping()).isEqualTo(original.flapping());
        assertThat(copy.inhibitRules()).isEqualTo(original.inhibitRules());
        // the regex of an inhibit rule's matcher is recompiled too
        assertThat(copy.inhibitRules().get(1).inhibits(Map.of("severity", "critical"),
                Map.of("severity", "info"))).isTrue();
        assertThat(copy.problemPatterns()).isEqualTo(original.problemPatterns()).hasSize(4);
        assertThat(copy.problemQuietPeriod()).isEqualTo(original.problemQuietPeriod());
        // the schedules work on the other side: a one-off window, a weekly one in Berlin time, a silence
        assertThat(copy.hasSuppressions()).isTrue();
        var alerts = List.of(
                List.of("2026-11-21T23:00:00Z", "switch-fra1-core01", "HostDown"),
                List.of("2026-11-21T01:30:00Z", "app-1", "HostDown"),
                List.of("2026-11-20T00:45:00Z", "host-fra1-db02", "LoadHigh"),
                List.of("2026-11-20T12:00:00Z", "app-1", "ProbeFailed"));
        for (List<String> alert : alerts) {
            Instant at = Instant.parse(alert.get(0));
            var labels = Map.of("env", "prod", "alertname", alert.get(2), "region", "eu-west");
            assertThat(copy.suppression(at, alert.get(1), List.of("payments"), labels)).as(alert.get(0))
                    .isPresent()
                    .isEqualTo(original.suppression(at, alert.get(1), List.of("payments"), labels));
        }
        // the SLA policies and their calendars, with the zone rules looked up again on the other side
        assertThat(copy.slaPolicies()).isEqualTo(original.slaPolicies()).hasSize(4);
        assertThat(copy.slaPauseStatuses()).isEqualTo(original.slaPauseStatuses());
        assertThat(copy.slaWarnings()).isEqualTo(original.slaWarnings());
        BusinessCalendar office = copy.slaPolicy(Priority.P5, null, null).calendar();
        assertThat(office.id()).isEqualTo("office-uk");
        // Friday 2026-03-27 16:00 GMT: one hour that day, then Monday 09:00 BST
        assertThat(office.addBusinessTime(Instant.parse("2026-03-27T16:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-03-30T09:00:00Z"));
        assertThat(copy.slaPolicy(Priority.P1, List.of("checkout"), null).calendar())
                .isSameAs(BusinessCalendar.ALWAYS_OPEN);
    }

    @Test
    void shouldSerialiseTheDefaultPack() throws Exception {
        RulePack pack = RulePackLoader.loadDefault();

        assertThat(roundTrip(pack)).isEqualTo(pack);
    }

    @Test
    void shouldSerialiseAMatcherWithItsCompiledRegex() throws Exception {
        LabelMatcher matcher = LabelMatcher.parse("team=~db|storage");

        LabelMatcher copy = roundTrip(matcher);

        assertThat(copy).isEqualTo(matcher);
        assertThat(copy.matches(Map.of("team", "storage"))).isTrue();
        assertThat(copy.matches(Map.of("team", "dbx"))).isFalse();
    }

    @Test
    void shouldSerialiseTheRecordsTheJobKeeps() throws Exception {
        var suppression = new Suppression(Suppression.SILENCE, "s", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T01:00:00Z"));
        var flapping = RulePackLoader.loadDefault().flapping();

        assertThat(roundTrip(suppression)).isEqualTo(suppression);
        assertThat(roundTrip(flapping)).isEqualTo(flapping);
        assertThat(roundTrip(SlaSpec.OFFICE_DE)).isEqualTo(SlaSpec.OFFICE_DE);
        assertThat(roundTrip(BusinessCalendar.ALWAYS_OPEN).addBusinessTime(Instant.EPOCH, Duration.ofDays(1)))
                .isEqualTo(Instant.parse("1970-01-02T00:00:00Z"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
