package dev.itsm.connectors.alerts;

import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Test payloads under {@code src/test/resources/alerts/} and shortcuts for parsing them. */
final class TestingPayloads {
    /** The Kafka record time used throughout: after every start in the example payloads. */
    static final Instant SENT_AT = Instant.parse("2024-05-01T10:45:00Z");

    static final AlertParser DEFAULT_PARSER = new AlertParser(ParserSettings.defaults());

    private TestingPayloads() {}

    static byte[] resource(String name) {
        try (InputStream in = TestingPayloads.class.getResourceAsStream("/alerts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource alerts/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and asserts success. */
    static List<Alert> alerts(AlertParser parser, byte[] payload, String hint) {
        ParseResult result = parser.parse(payload, hint, SENT_AT);
        assertThat(result.rejected()).as("rejection").isNull();
        return result.alerts();
    }

    static List<Alert> alerts(byte[] payload, String hint) {
        return alerts(DEFAULT_PARSER, payload, hint);
    }

    /** Parses and asserts a rejection. */
    static DeadLetter rejected(byte[] payload, String hint) {
        ParseResult result = DEFAULT_PARSER.parse(payload, hint, SENT_AT);
        assertThat(result.isRejected()).as("rejected, but parsed to %s", result.alerts()).isTrue();
        assertThat(result.alerts()).isEmpty();
        return result.rejected();
    }
}
