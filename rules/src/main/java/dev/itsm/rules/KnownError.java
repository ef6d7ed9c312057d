package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A known error of {@code problems.yaml}: a recurring failure whose root cause and workaround are known. A problem
 * whose pattern and signature it matches has the status known-error and carries the workaround.
 *
 * @param id         names it; unique in the file
 * @param pattern    the pattern id it is limited to; null for every pattern
 * @param signature  signature field → value; a problem matches when its pattern's signature has exactly these fields
 *                   with these values
 * @param workaround what to do about it, for the people working the problem
 */
public record KnownError(String id, String pattern, Map<String, String> signature, String workaround) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public KnownError {
        Objects.requireNonNull(id, "id must not be null");
        signature = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(signature));
        Objects.requireNonNull(workaround, "workaround must not be null");
    }
}
