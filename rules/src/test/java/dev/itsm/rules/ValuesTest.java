package dev.itsm.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "500ms, 500", "30s, 30000", "5m, 300000", "2h, 7200000", "1d, 86400000", "1w, 604800000",
        "1y, 31536000000", "1h30m, 5400000", "1m30s500ms, 90500", "0, 0", "0s, 0", "90s, 90000"})
    void shouldReadPrometheusDurations(String text, long millis) {
        assertThat(Values.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 minutes", "5", "5M", "m", "-5m", "5m1h", "1.5h", "5m5m", " 5m", "PT5M"})
    void shouldRejectWhatIsNotAPrometheusDuration(String text) {
        assertThatThrownBy(() -> Values.duration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (use e.g. 5m, 30s, 2h)");
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0s", "500, 500ms", "90000, 1m30s", "300000, 5m", "86400000, 1d", "604800000, 7d"})
    void shouldFormatDurationsThePrometheusWay(long millis, String text) {
        assertThat(Values.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Values.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"65536, 65536", "100B, 100", "512KiB, 524288", "1MiB, 1048576", "1mib, 1048576",
        "2GiB, 2147483648"})
    void shouldReadSizes(String text, long bytes) {
        assertThat(Values.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1MB", "1 MiB", "1.5MiB", "-1", "MiB", "1k"})
    void shouldRejectWhatIsNotASize(String text) {
        assertThatThrownBy(() -> Values.size(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a size (use e.g. 1MiB, 512KiB, 65536)");
    }
}
