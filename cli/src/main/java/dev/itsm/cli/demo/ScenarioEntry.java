package dev.itsm.cli.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One line of a scenario: what to send, and when in simulated time.
 *
 * <p>equals, hashCode and toString are overridden because a record compares arrays by identity.
 *
 * @param line    the line number in the file, from 1
 * @param at      when to send it, after the scenario's base time; never negative
 * @param format  the format name, sent as the {@value ScenarioPlayer#FORMAT_HEADER} header (not checked: a
 *                scenario may name an unknown format on purpose)
 * @param payload the bytes to send: the {@code payload} JSON written compactly, or the {@code payload_text} as UTF-8
 * @param note    what the line is for in the storyline; nullable; not sent
 */
public record ScenarioEntry(int line, Duration at, String format, byte[] payload, String note) {

    public ScenarioEntry {
        Objects.requireNonNull(at, "at");
        if (at.isNegative()) {
            throw new IllegalArgumentException("at must not be negative, was " + at);
        }
        Objects.requireNonNull(format, "format");
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    /** A copy of the bytes to send. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The bytes to send, decoded as UTF-8, for display. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The simulated time of this entry: {@code base + at}. */
    public Instant time(Instant base) {
        return base.plus(at);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ScenarioEntry e && line == e.line && at.equals(e.at) && format.equals(e.format)
                && Arrays.equals(payload, e.payload) && Objects.equals(note, e.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, at, format, Arrays.hashCode(payload), note);
    }

    @Override
    public String toString() {
        String text = payloadText();
        return "ScenarioEntry[line=" + line + ", at=" + at + ", format=" + format + ", payload="
                + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + " (" + payload.length + " bytes)"
                + (note == null ? "" : ", note=" + note) + "]";
    }
}
