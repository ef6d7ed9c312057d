package dev.itsm.jobs.incident;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.core.model.Severity;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.itsm.jobs.incident.TestingAlerts.at;
import static dev.itsm.jobs.incident.TestingAlerts.firing;
import static dev.itsm.jobs.incident.TestingAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

class AlertStateFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        // re-occurrence 5 min, lateness 5 min, retention 1 h
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AlertStateFunction(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1)), Alert::fingerprint, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(Alert alert) throws Exception {
        harness.processElement(new StreamRecord<>(alert, alert.timestamp().toEpochMilli()));
    }

    private List<Alert> output() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldEmitAnOccurrenceOnceAndOnlyCountItsRepeats() throws Exception {
        send(firing("HostDown", "db01", Severity.CRITICAL, 0, 0));
        send(firing("HostDown", "db01", Severity.CRITICAL, 0, 60));
        send(firing("HostDown", "db01", Severity.CRITICAL, 0, 120));

        assertThat(output()).hasSize(1);
        assertThat(output().get(0).revision()).isEqualTo(1);
        assertThat(output().get(0).count()).isEqualTo(1);

        send(resolved("HostDown", "db01", Severity.CRITICAL, 0, 180));
        Alert closed = output().get(1);
        assertThat(closed.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(closed.count()).as("the repeats were counted").isEqualTo(3);
        assertThat(closed.revision()).isEqualTo(2);
        assertThat(closed.endsAt()).isEqualTo(at(180));
        assertThat(closed.id()).isEqualTo(output().get(0).id());
    }

    @Test
    void shouldEmitARepeatWhoseSeverityChanged() throws Exception {
        send(firing("DiskFull", "app01", Severity.WARNING, 0, 0));
        send(firing("DiskFull", "app01", Severity.CRITICAL, 0, 60));

        assertThat(output()).extracting(Alert::severity, Alert::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.WARNING, 1L), org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, 2L));
    }

    @Test
    void shouldReopenTheSameOccurrenceWhenItFiresAgainWithinTheReoccurrenceInterval() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 120));

        Alert reopened = output().get(2);
        assertThat(reopened.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(reopened.id()).isEqualTo(output().get(0).id());
        assertThat(reopened.revision()).isEqualTo(3);
        assertThat(reopened.endsAt()).isNull();
    }

    @Test
    void shouldNotReopenAnOccurrenceForARepeatSentBeforeTheResolveThatOvertookIt() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 120));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 60));

        assertThat(output()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldStartANewOccurrenceWhenItFiresAgainAfterTheReoccurrenceInterval() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(firing("DiskFull", "app01", Severity.MAJOR, 600, 600));

        Alert second = output().get(2);
        assertThat(second.id()).isNotEqualTo(output().get(0).id());
        assertThat(second.revision()).isEqualTo(1);
        assertThat(second.count()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreADuplicateResolveAndAResolveOfAnUnknownAlert() throws Exception {
        send(resolved("Ghost", "web01", Severity.MINOR, 0, 10));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 70));

        assertThat(output()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(harness.numKeyedStateEntries()).as("nothing kept for the unknown resolve").isEqualTo(2);
    }

    @Test
    void shouldSendAlertsOlderThanTheAllowedLatenessToTheLateOutput() throws Exception {
        harness.processWatermark(new Watermark(at(3600).toEpochMilli()));
        Alert late = firing("HostDown", "db01", Severity.CRITICAL, 0, 3600 - 301);
        Alert inTime = firing("HostDown", "db02", Severity.CRITICAL, 0, 3600 - 299);
        send(late);
        send(inTime);

        assertThat(harness.getSideOutput(IncidentJobDescriptors.LATE_ALERTS)).extracting(StreamRecord::getValue).containsExactly(late);
        assertThat(output()).extracting(Alert::hostName).containsExactly("db02");
    }

    @Test
    void shouldClearTheStateOfAClosedOccurrenceAfterTheRetention() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(new Watermark(at(60 + 3599).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        harness.processWatermark(new Watermark(at(60 + 3600).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldCancelTheClearTimerWhenAResolvedOccurrenceFiresAgain() throws Exception {
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 0));
        send(resolved("DiskFull", "app01", Severity.MAJOR, 0, 60));
        send(firing("DiskFull", "app01", Severity.MAJOR, 0, 90));

        assertThat(harness.numEventTimeTimers()).isZero();
        harness.processWatermark(new Watermark(at(10_000).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).as("a firing occurrence is kept").isEqualTo(1);
    }
}
