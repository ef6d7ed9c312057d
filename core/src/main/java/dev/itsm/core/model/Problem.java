package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * An ITIL problem: the underlying cause of recurring incidents, found by a pattern rule.
 *
 * @param id              derived from the pattern and signature ({@code problem.id})
 * @param revision        see {@link Versioned} ({@code itsm.revision})
 * @param title           ({@code problem.title})
 * @param status          ({@code problem.status})
 * @param pattern         name of the pattern rule that matched ({@code rule.name})
 * @param signature       what the recurring incidents have in common, e.g. root-cause CI + alert name
 *                        ({@code problem.signature})
 * @param rootCauseCiId   ({@code problem.root_cause_ci_id}); nullable
 * @param service         business service id ({@code service.id}); nullable
 * @param firstSeen       opening time of the first incident ({@code problem.first_seen})
 * @param lastSeen        opening time of the latest incident ({@code problem.last_seen})
 * @param occurrences     how many incidents matched ({@code problem.occurrences})
 * @param incidentIds     ({@code problem.incident_ids})
 * @param rulePackVersion lineage ({@code itsm.rule_pack_version})
 * @param updated         event time of this change ({@code @timestamp})
 * @param workaround      the known error's workaround when the status is known-error ({@code problem.workaround});
 *                        nullable
 */
public record Problem(
        @JsonProperty("problem.id") String id,
        @JsonProperty(REVISION_FIELD) long revision,
        @JsonProperty("problem.title") String title,
        @JsonProperty("problem.status") ProblemStatus status,
        @JsonProperty("rule.name") String pattern,
        @JsonProperty("problem.signature") String signature,
        @JsonProperty("problem.root_cause_ci_id") String rootCauseCiId,
        @JsonProperty("service.id") String service,
        @JsonProperty("problem.first_seen") Instant firstSeen,
        @JsonProperty("problem.last_seen") Instant lastSeen,
        @JsonProperty("problem.occurrences") int occurrences,
        @JsonProperty("problem.incident_ids") List<String> incidentIds,
        @JsonProperty("itsm.rule_pack_version") String rulePackVersion,
        @JsonProperty("@timestamp") Instant updated,
        @JsonProperty("problem.workaround") String workaround) implements Versioned {

    public Problem {
        Checks.id(id, "Problem id");
        Checks.revision(revision, "Problem");
        Checks.required(title, "Problem title");
        Checks.required(status, "Problem status");
        Checks.nonBlank(pattern, "Problem pattern");
        Checks.nonBlank(signature, "Problem signature");
        Checks.required(firstSeen, "Problem firstSeen");
        Checks.required(lastSeen, "Problem lastSeen");
        Checks.nonNegative(occurrences, "Problem occurrences");
        incidentIds = Checks.list(incidentIds, "Problem incidentIds");
        Checks.nonBlank(rulePackVersion, "Problem rulePackVersion");
        Checks.required(updated, "Problem updated");
    }

    public Problem withRevision(long newRevision) {
        return new Problem(id, newRevision, title, status, pattern, signature, rootCauseCiId, service, firstSeen,
                lastSeen, occurrences, incidentIds, rulePackVersion, updated, workaround);
    }
}
