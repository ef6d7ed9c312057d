package dev.itsm.dashboards;

/**
 * What setup did to one template or saved object.
 *
 * @param kind    e.g. {@code component template}, {@code index template}, {@code dashboard}, {@code lens}
 * @param name    the template name or saved-object id, prefix applied
 * @param outcome created, updated or unchanged
 */
public record SetupResult(String kind, String name, Outcome outcome) {

    /** Whether the item was new, differed and was replaced, or already equal to the shipped file. */
    public enum Outcome {
        CREATED, UPDATED, UNCHANGED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return kind + " " + name + ": " + outcome.word();
    }
}
