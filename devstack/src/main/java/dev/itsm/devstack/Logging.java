package dev.itsm.devstack;

/** Where the children's logging configuration lives. */
final class Logging {
    /**
     * Log4j 2 configuration of every child JVM, a class path resource: INFO to standard output, which the parent
     * appends to the child's log file. Handed over with {@code -Dlog4j2.configurationFile} so that a
     * {@code log4j2-test.xml} of the parent's class path does not apply to the children.
     */
    static final String CHILD_CONFIG = "dev/itsm/devstack/child-log4j2.xml";

    private Logging() {}
}
