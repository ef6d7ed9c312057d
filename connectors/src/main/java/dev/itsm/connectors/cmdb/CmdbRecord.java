package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.DeadLetter;

/**
 * One record read from the {@code itsm.cmdb} topic: either the change it carries or, when it cannot be read, the
 * dead letter that says why (bad CMDB input is data, not a failure: the job dead-letters it and carries on).
 *
 * <p>The rejection is a whole {@link DeadLetter} rather than just a reason, so that the original bytes and the
 * origin (topic, partition, offset) reach the dead-letter topic and the record can be found and replayed.
 *
 * @param change   the change; null when rejected
 * @param rejected why and where the record was rejected, with its original value bytes; null when read
 */
public record CmdbRecord(CmdbChange change, DeadLetter rejected) {

    public CmdbRecord {
        if ((change == null) == (rejected == null)) {
            throw new IllegalArgumentException("a CmdbRecord is either a change or a rejection");
        }
    }

    public static CmdbRecord of(CmdbChange change) {
        return new CmdbRecord(change, null);
    }

    public static CmdbRecord rejected(DeadLetter letter) {
        return new CmdbRecord(null, letter);
    }

    public boolean isRejected() {
        return rejected != null;
    }

    /** Why the record was rejected; null when it was read. */
    public String error() {
        return rejected == null ? null : rejected.reason();
    }

    /** Where a rejected record is, as {@code topic/partition@offset}; null when it was read. */
    public String origin() {
        return rejected == null ? null : rejected.originTopic() + "/" + rejected.originPartition() + "@" + rejected.originOffset();
    }
}
