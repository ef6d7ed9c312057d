package dev.itsm.jobs.problem;

import dev.itsm.core.model.Problem;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

import java.util.List;

/** The problem job's side output, state descriptors and operator ids, in one place. */
public final class ProblemJobDescriptors {

    /** Each incident linked to a problem, once, for the incident job. */
    public static final OutputTag<ProblemLink> PROBLEM_LINKS = new OutputTag<>("problem-links", TypeInformation.of(ProblemLink.class));

    /** Incident id → the incident, for the incidents that counted within the pattern's window. */
    static MapStateDescriptor<String, Sighting> sightings() {
        return new MapStateDescriptor<>("sightings", Types.STRING, TypeInformation.of(Sighting.class));
    }

    /** The key's problem, open or resolved; empty before the first and after it is forgotten. */
    static ValueStateDescriptor<Problem> problem() {
        return new ValueStateDescriptor<>("problem", TypeInformation.of(Problem.class));
    }

    /**
     * The incidents the key's problem lists, in the order of their opening (then id), the latest
     * {@link ProblemFunction#MAX_INCIDENT_IDS}: where a later one goes among them. Empty when there is no problem, and
     * in a state written before it existed (then the problem's list is taken as it is, its order kept).
     */
    static ValueStateDescriptor<List<Sighting>> members() {
        return new ValueStateDescriptor<>("problem-members", Types.LIST(TypeInformation.of(Sighting.class)));
    }

    /**
     * Incident changes waiting for the watermark, by their event time: they are taken in event-time order once it
     * passes them.
     */
    static MapStateDescriptor<Long, List<ProblemCandidate>> pending() {
        return new MapStateDescriptor<>("pending-changes", Types.LONG, Types.LIST(TypeInformation.of(ProblemCandidate.class)));
    }

    /** When the key's one event-time timer fires. */
    static ValueStateDescriptor<Long> timer() {
        return new ValueStateDescriptor<>("timer", Types.LONG);
    }

    /** Operator uids: stable, so savepoints survive upgrades. */
    public static final String UID_INCIDENTS_SOURCE = "problem-job-incidents-source";
    public static final String UID_RULES_SOURCE = "problem-job-rules-source";
    public static final String UID_RULES_CHECK = "problem-job-rule-packs";
    public static final String UID_SIGNATURES = "problem-signatures";
    public static final String UID_PROBLEMS = "problem-lifecycle";

    private ProblemJobDescriptors() {
    }
}
