package dev.itsm.jobs;

import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.alerts.ParseResult;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.jobs.HostileCorpus.Kind;
import dev.itsm.jobs.HostileCorpus.Payload;
import dev.itsm.jobs.incident.IncidentJob;
import dev.itsm.rules.RulePackLoader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus's own expectations against the parser the job and the gateway run: every body the corpus calls good
 * parses into the alerts it counts, every bad one is refused with the error type it names. The ITCases can then
 * blame what they find on the pipeline, not on the corpus.
 */
class HostileCorpusTest {
    static final long SEED = 20261129L;
    static final long CORPUS_FINGERPRINT = -52_351_616_035L;

    @Test
    void shouldKnowTheFateOfEveryPayloadOfTheCorpus() {
        List<Payload> corpus = HostileCorpus.generate(SEED, 10_000);
        AlertParser parser = new AlertParser(IncidentJob.parserSettings(RulePackLoader.loadDefault()));
        Instant now = Instant.parse("2026-11-29T08:00:00Z");

        for (Payload payload : corpus) {
            ParseResult result = parser.parse(payload.body(), payload.format(), now);
            if (payload.isGood() || payload.kind().isRecordTime()) {
                assertThat(result.rejected()).as("%s: %s", payload, HostileCorpus.preview(payload)).isNull();
                assertThat(result.alerts()).as("%s", payload).hasSize(payload.alerts());
            } else {
                assertThat(result.rejected()).as("%s: %s", payload, HostileCorpus.preview(payload)).isNotNull();
                assertThat(result.rejected().errorType()).as("%s: %s", payload, result.rejected().reason())
                        .isEqualTo(payload.errorType());
            }
        }
        assertThat(corpus.stream().filter(p -> !p.isGood())).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(HostileCorpus.kinds(corpus)).as("every kind").containsOnlyKeys(Kind.values());
        assertThat(corpus.stream().filter(Payload::isGood).map(Payload::format).distinct())
                .as("good payloads of every format, and without a header")
                .containsExactlyInAnyOrder("alertmanager", "grafana", "zabbix", "generic", null);
        assertThat(HostileCorpus.generate(SEED, 10_000)).as("the same seed, the same corpus")
                .usingElementComparator((a, b) -> Arrays.equals(a.body(), b.body()) ? 0 : 1)
                .isEqualTo(corpus);
        assertThat(corpus.stream().mapToLong(p -> Arrays.hashCode(p.body())).sum())
                .as("the same corpus in every JVM (a fingerprint of all bodies)").isEqualTo(CORPUS_FINGERPRINT);
        assertThat(HostileCorpus.expectedDeadLetters(corpus)).containsKeys(DeadLetter.NOT_JSON,
                DeadLetter.MISSING_FIELD, DeadLetter.INVALID_FIELD, DeadLetter.TOO_LARGE, DeadLetter.UNKNOWN_FORMAT,
                HostileCorpus.LATE, HostileCorpus.CLOCK_SKEW);
    }
}
