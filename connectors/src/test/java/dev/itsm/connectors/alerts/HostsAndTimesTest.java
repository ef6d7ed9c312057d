package dev.itsm.connectors.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostsAndTimesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "node-1:9100                       | node-1",
        "node-1                            | node-1",
        "10.0.0.5:9100                     | 10.0.0.5",
        "[2001:db8::1]:9100                | 2001:db8::1",
        "2001:db8::1                       | 2001:db8::1",
        "https://shop.example.net          | shop.example.net",
        "https://user@shop.example.net:8443/health?x=1 | shop.example.net",
        "http://[::1]:8080/metrics         | ::1"})
    void shouldTakeTheHostOfAnInstance(String instance, String host) {
        assertThat(Hosts.fromInstance(instance)).isEqualTo(host);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.0.0.5", "255.255.255.255", "::1", "2001:db8::17", "::ffff:10.0.0.1", "fe80::1"})
    void shouldRecogniseIpLiterals(String text) {
        assertThat(Hosts.isIpLiteral(text)).isTrue();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @ValueSource(strings = {"", "localhost", "db.example.net", "256.1.1.1", "10.0.0", "10.0.0.5:80", "1:2",
        "abc", "deadbeef", ".:", "2001:db8::zz", "UNKNOWN"})
    void shouldNotTakeNamesOrBrokenAddressesForIpLiterals(String text) {
        assertThat(Hosts.isIpLiteral(text)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2024-05-01T10:15:30Z,                      2024-05-01T10:15:30Z",
        "2024-05-01t10:15:30z,                      2024-05-01T10:15:30Z",
        "2018-08-03T09:52:26.739266876+02:00,       2018-08-03T07:52:26.739266876Z",
        "2021-10-12T09:51:03.157076+02:00,          2021-10-12T07:51:03.157076Z",
        "0001-01-01T00:00:00Z,                      0001-01-01T00:00:00Z"})
    void shouldReadRfc3339Times(String text, String instant) {
        assertThat(Times.rfc3339(text)).contains(Instant.parse(instant));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @ValueSource(strings = {"2024-13-01", "2024-02-30T10:00:00Z", "2024-05-01T10:15Z", "2024-05-01 10:15:30Z",
        "+12024-05-01T10:15:30Z", "2024-05-01T10:15:30", "2024-05-01T10:15:30+0200", "1714558530", ""})
    void shouldRefuseWhatIsNotRfc3339(String text) {
        assertThat(Times.rfc3339(text)).isEmpty();
    }
}
