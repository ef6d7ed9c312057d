package dev.itsm.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldDeriveTheSameIdFromTheSameParts() {
        assertThat(Ids.stable("fp-1", "2024-05-01T10:15:30Z")).isEqualTo(Ids.stable("fp-1", "2024-05-01T10:15:30Z"));
    }

    @Test
    void shouldBeThirtyTwoLowercaseHexCharacters() {
        assertThat(Ids.stable("a")).matches("[0-9a-f]{32}");
        assertThat(Ids.stable()).matches("[0-9a-f]{32}");
    }

    @Test
    void shouldNotCollideWhereASeparatorWouldHaveBeen() {
        assertThat(Ids.stable("ab", "c")).isNotEqualTo(Ids.stable("a", "bc"));
        assertThat(Ids.stable("a|b")).isNotEqualTo(Ids.stable("a", "b"));
        assertThat(Ids.stable("a", "")).isNotEqualTo(Ids.stable("a"));
    }

    @Test
    void shouldTellANullPartFromAnEmptyOne() {
        assertThat(Ids.stable("a", null)).isNotEqualTo(Ids.stable("a", "")).isEqualTo(Ids.stable("a", null));
    }

    @Test
    void shouldHashTextAsUtf8() {
        // pinned, so a change of encoding or layout (which would re-key every stored entity) fails loudly
        assertThat(Ids.stable("größe")).isEqualTo(Ids.stable("gr\u00f6\u00dfe"));
        assertThat(Ids.stable("a", "b")).isEqualTo(IdsTest.expectedAB());
    }

    private static String expectedAB() {
        return "16275ef0f5d0eb9dd9e0a53277549fda";
    }
}
