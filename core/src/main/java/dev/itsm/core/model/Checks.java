package dev.itsm.core.model;

import java.util.List;
import java.util.Map;

/** Compact-constructor checks shared by the records; messages name the record and the component. */
final class Checks {
    private Checks() {}

    static String id(String value, String what) {
        return nonBlank(value, what);
    }

    static String nonBlank(String value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    static <T> T required(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " must not be null");
        }
        return value;
    }

    static long revision(long revision, String what) {
        if (revision < 0) {
            throw new IllegalArgumentException(what + " revision must be >= 0, was " + revision);
        }
        return revision;
    }

    static long nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
        return value;
    }

    /** An immutable copy; {@code null} becomes empty, a {@code null} element is rejected. */
    static <T> List<T> list(List<T> values, String what) {
        if (values == null) {
            return List.of();
        }
        try {
            // the common case, and free when the list is already an immutable copy
            return List.copyOf(values);
        } catch (NullPointerException nullInside) {
            // fall through to say which element is null
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new NullPointerException(what + " must not contain null (index " + i + ")");
            }
        }
        return List.copyOf(values);
    }

    /** An immutable copy; {@code null} becomes empty, a {@code null} key or value is rejected. */
    static Map<String, String> map(Map<String, String> values, String what) {
        if (values == null) {
            return Map.of();
        }
        try {
            // the common case, and free when the map is already an immutable copy
            return Map.copyOf(values);
        } catch (NullPointerException nullInside) {
            // fall through to say which entry is null
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() == null) {
                throw new NullPointerException(what + " must not contain a null key");
            }
            if (e.getValue() == null) {
                throw new NullPointerException(what + " must not contain a null value (key '" + e.getKey() + "')");
            }
        }
        return Map.copyOf(values);
    }
}
