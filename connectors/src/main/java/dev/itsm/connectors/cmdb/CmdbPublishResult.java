package dev.itsm.connectors.cmdb;

/**
 * What {@link CmdbPublisher} wrote, every record acknowledged by the broker.
 *
 * @param items     CI upserts
 * @param relations relation upserts
 * @param deletes   tombstones (CIs and relations)
 */
public record CmdbPublishResult(int items, int relations, int deletes) {

    public int total() {
        return items + relations + deletes;
    }
}
