package dev.itsm.core.model;

import static dev.itsm.core.model.TestingRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void shouldCompareTheOriginalBytesByContent() {
        DeadLetter a = DeadLetter.of("x".getBytes(StandardCharsets.UTF_8), DeadLetter.NOT_JSON, "bad", null, T0);
        DeadLetter b = DeadLetter.of("x".getBytes(StandardCharsets.UTF_8), DeadLetter.NOT_JSON, "bad", null, T0);
        DeadLetter c = DeadLetter.of("y".getBytes(StandardCharsets.UTF_8), DeadLetter.NOT_JSON, "bad", null, T0);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a).isNotEqualTo(a.withOrigin("t", 0, 1));
    }

    @Test
    void shouldNotBeChangedThroughTheArrayItWasGivenOrGaveOut() {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(bytes, DeadLetter.TOO_LARGE, "too big", null, T0);

        bytes[0] = 'X';
        letter.original()[1] = 'Y';

        assertThat(letter.originalAsText()).isEqualTo("abc");
    }

    @Test
    void shouldDecodeInvalidUtf8LenientlyForDisplay() {
        byte[] bytes = {'o', 'k', (byte) 0xC3, (byte) 0x28, '!'};

        assertThat(DeadLetter.of(bytes, DeadLetter.NOT_JSON, "bad", null, T0).originalAsText())
                .isEqualTo("ok\uFFFD(!");
    }

    @Test
    void shouldKeepANullPayloadAsEmptyBytes() {
        DeadLetter letter = DeadLetter.of(null, DeadLetter.MISSING_FIELD, "tombstone on itsm.alerts.raw", null, T0);

        assertThat(letter.original()).isEmpty();
    }

    @Test
    void shouldShowOnlyAPreviewOfALargePayloadInToString() {
        byte[] big = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        String text = DeadLetter.of(big, DeadLetter.TOO_LARGE, "10000 bytes > 4096", "generic", T0)
                .withOrigin("itsm.alerts.raw", 1, 42).toString();

        assertThat(text).contains("too_large", "10000 bytes", "itsm.alerts.raw/1@42").hasSizeLessThan(400);
    }
}
