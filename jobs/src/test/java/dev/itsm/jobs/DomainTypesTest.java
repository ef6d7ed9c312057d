package dev.itsm.jobs;

import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.IncidentAction;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.TestingRecords;
import dev.itsm.jobs.incident.AlertUpdate;
import dev.itsm.jobs.incident.EnrichedAlert;
import dev.itsm.jobs.incident.Inhibited;
import dev.itsm.jobs.incident.Member;
import dev.itsm.jobs.incident.IncidentActionsFunction;
import dev.itsm.jobs.problem.ProblemCandidate;
import dev.itsm.jobs.problem.ProblemLink;
import dev.itsm.jobs.problem.Sighting;
import dev.itsm.jobs.sla.SlaClock;
import dev.itsm.jobs.sla.SlaIncident;
import dev.itsm.jobs.slo.IncidentImpact;
import dev.itsm.jobs.slo.ServiceImpact;
import dev.itsm.jobs.slo.SliceRun;
import dev.itsm.jobs.slo.SloMemory;
import dev.itsm.jobs.slo.SloTrack;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every domain record travels through Flink's own record serializer, never Kryo, and survives the trip. */
class DomainTypesTest {

    static Stream<Object> records() {
        // the incident job's own records, which travel between its operators and live in its state
        EnrichedAlert enriched = new EnrichedAlert(TestingRecords.alert(), true, "host", 2, "linux-ops", List.of("svc-shop"),
                List.of("sw-core", "sw-acc1"), "region:sw-core", true, "maintenance:patching", 42);
        return Stream.of(TestingRecords.alert(), TestingRecords.configItem(), TestingRecords.relation(), TestingRecords.incident(),
                TestingRecords.problem(), TestingRecords.slaStatus(), TestingRecords.sloStatus(), TestingRecords.deadLetter(),
                enriched, new Member("inc-1", 3, enriched), new Inhibited(enriched, "inhibited:rule:a-1"),
                new AlertUpdate(TestingRecords.alert(), "inc-1", AlertRole.SYMPTOM, true, null, 2048),
                // the problem job's
                new ProblemCandidate("recurring-failure", "root_cause_ci=db01, alert_name=PostgresDown",
                        "PostgresDown on db01", "db01", null, "inc-1", 3, TestingRecords.T0, TestingRecords.T1,
                        IncidentStatus.NEW, 2),
                new Sighting("inc-1", TestingRecords.T0), new ProblemLink("inc-1", "prb-1", TestingRecords.T1),
                new IncidentActionsFunction.Emitted(TestingRecords.T1,
                        List.of(new ProblemLink("inc-1", "prb-1", TestingRecords.T1)),
                        List.of(new ProblemLink("inc-1", "prb-2", null))),
                new IncidentActionsFunction.Emitted(null, List.of(), List.of()),
                // the SLA job's
                new IncidentAction("inc-1", IncidentAction.Action.HOLD, TestingRecords.T0, "alice", null),
                new SlaClock(SlaKind.RESPONSE, "p1", Priority.P1, 900_000, 450_000, TestingRecords.T1, false,
                        TestingRecords.T0, null, 1, null, "dba", 2),
                new SlaIncident(IncidentStatus.ON_HOLD, Priority.P1, List.of("payments"), null, true, true, 1, 7, 42),
                // the SLO functions'
                new ServiceImpact("svc-shop", "inc-1", true, TestingRecords.T0),
                IncidentFacts.of(TestingRecords.incident()),
                new IncidentImpact(3, List.of("svc-shop", "svc-payments")),
                new SliceRun(10, 20), new SloMemory(12, 1_200_000),
                new SloTrack("shop", 60_000, 1_200_000, 20_000, -1, List.of(new SliceRun(10, 20)),
                        Map.of("1h/5m", 660_000L), List.of(10L, 0L, 10L, 5L, 1L)),
                // the rule pack every rule-reading operator keeps in broadcast state
                TestingRulePacks.defaultWith());
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings("unchecked")
    <T> void shouldSerialiseWithFlinksRecordSerializerWithoutKryo(T record) throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeInformation<T> type = TypeInformation.of((Class<T>) record.getClass());

        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<T> serializer = type.createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back).isEqualTo(record);
        assertThat(serializer.copy(record)).isEqualTo(record);
    }
}
