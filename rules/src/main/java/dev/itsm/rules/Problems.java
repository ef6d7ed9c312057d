package dev.itsm.rules;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one pack, in the order they were found. */
final class Problems {
    private final List<String> messages = new ArrayList<>();

    void add(String message) {
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> list() {
        return List.copyOf(messages);
    }
}
