package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.core.model.Priority;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sla.yaml}: which policy an incident gets. */
class SlaTest {
    /** The custom pack: payments-critical, dba, urgent, everything-else (see its sla.yaml). */
    private final RulePack pack = RulePackLoader.load(TestingPacks.folder("good-custom"));

    private String policy(Priority priority, String supportGroup, String... services) {
        return pack.slaPolicy(priority, services == null ? null : Arrays.asList(services), supportGroup).id();
    }

    @Test
    void shouldGiveTheFirstPolicyThatMatches() {
        assertThat(policy(Priority.P1, "noc", "checkout", "web")).isEqualTo("payments-critical");
        assertThat(policy(Priority.P1, "noc", "web")).isEqualTo("urgent");
        assertThat(policy(Priority.P3, "dba", "payments")).isEqualTo("dba");
        assertThat(policy(Priority.P3, "noc", "payments")).isEqualTo("everything-else");
        assertThat(policy(Priority.P5, "dba")).isEqualTo("everything-else");
    }

    @Test
    void shouldNotMatchConditionsOnServicesOrSupportGroupsWhenTheIncidentHasNone() {
        assertThat(policy(Priority.P2, null, (String[]) null)).isEqualTo("urgent");
        assertThat(policy(Priority.P2, null)).isEqualTo("urgent");
        assertThat(policy(Priority.P3, null)).isEqualTo("everything-else");
        assertThat(pack.slaPolicy(Priority.P1, Arrays.asList(null, "payments"), null).id())
                .isEqualTo("payments-critical");
    }

    @Test
    void shouldExposeEachPolicysConditionsAndTargets() {
        SlaPolicy payments = pack.slaPolicies().get(0);

        assertThat(payments.priorities()).containsExactly(Priority.P1, Priority.P2);
        assertThat(payments.services()).containsExactly("payments", "checkout");
        assertThat(payments.supportGroups()).isEmpty();
        assertThat(payments.matches(Priority.P2, List.of("payments"), null)).isTrue();
        assertThat(payments.matches(Priority.P3, List.of("payments"), null)).isFalse();
        assertThat(pack.slaPolicies().get(1).supportGroups()).containsExactly("dba");
    }

    @Test
    void shouldRequireAPriority() {
        assertThatThrownBy(() -> pack.slaPolicy(null, List.of(), "noc"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("priority must not be null");
    }
}
