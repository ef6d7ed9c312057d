package dev.itsm.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void shouldNotDependOnTheOrderOfTheLabels() {
        var forward = new LinkedHashMap<String, String>();
        forward.put("alertname", "HostDown");
        forward.put("instance", "db-01");
        var backward = new LinkedHashMap<String, String>();
        backward.put("instance", "db-01");
        backward.put("alertname", "HostDown");

        assertThat(Fingerprints.ofLabels(forward)).isEqualTo(Fingerprints.ofLabels(backward));
    }

    @Test
    void shouldDifferForDifferentLabelValues() {
        assertThat(Fingerprints.ofLabels(Map.of("alertname", "HostDown", "instance", "db-01")))
                .isNotEqualTo(Fingerprints.ofLabels(Map.of("alertname", "HostDown", "instance", "db-02")));
    }

    @Test
    void shouldNotConfuseNamesWithValues() {
        assertThat(Fingerprints.ofLabels(Map.of("a", "b")))
                .isNotEqualTo(Fingerprints.ofLabels(Map.of("b", "a")));
        assertThat(Fingerprints.ofLabels(Map.of("a", "b=c")))
                .isNotEqualTo(Fingerprints.ofLabels(Map.of("a=b", "c")));
    }

    @Test
    void shouldTreatAnEmptyLabelValueAsAnAbsentLabel() {
        assertThat(Fingerprints.ofLabels(Map.of("alertname", "X", "job", "")))
                .isEqualTo(Fingerprints.ofLabels(Map.of("alertname", "X")));
    }

    @Test
    void shouldFingerprintOnlyTheIdentifyingLabelsWhenNamed() {
        var identifying = List.of("alertname", "instance");

        assertThat(Fingerprints.ofLabels(Map.of("alertname", "X", "instance", "h", "value", "97"), identifying))
                .isEqualTo(Fingerprints.ofLabels(Map.of("alertname", "X", "instance", "h", "value", "98"), identifying))
                .isEqualTo(Fingerprints.ofLabels(Map.of("alertname", "X", "instance", "h")));
    }
}
