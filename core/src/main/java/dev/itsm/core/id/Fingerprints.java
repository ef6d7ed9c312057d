package dev.itsm.core.id;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Alert identity, as Alertmanager does it: a hash of the sorted label set, so the order in which a sender lists its
 * labels does not matter.
 */
public final class Fingerprints {
    private Fingerprints() {}

    /**
     * A stable id (see {@link Ids#stable}) of the label set, independent of map order. A label with an empty or
     * {@code null} value counts as absent, as in Prometheus, where {@code {a=""}} and {@code {}} are the same series.
     *
     * @throws NullPointerException for a {@code null} map or key
     */
    public static String ofLabels(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels must not be null");
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> {
            Objects.requireNonNull(key, "labels must not contain a null key");
            if (value != null && !value.isEmpty()) {
                sorted.put(key, value);
            }
        });
        var parts = new ArrayList<String>(sorted.size() * 2);
        sorted.forEach((key, value) -> {
            parts.add(key);
            parts.add(value);
        });
        return Ids.stable(parts.toArray(String[]::new));
    }

    /**
     * {@link #ofLabels(Map)} over the identifying labels only (the rule pack names them), so that labels which change
     * between notifications of the same alert, such as a value or a pod name, do not split its identity.
     */
    public static String ofLabels(Map<String, String> labels, Collection<String> identifying) {
        Objects.requireNonNull(labels, "labels must not be null");
        Objects.requireNonNull(identifying, "identifying label names must not be null");
        var selected = new TreeMap<String, String>();
        for (String key : identifying) {
            String value = labels.get(key);
            if (value != null) {
                selected.put(key, value);
            }
        }
        return ofLabels(selected);
    }
}
