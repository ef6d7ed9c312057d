package dev.itsm.connectors.cmdb;

import java.util.List;
import java.util.Objects;

/**
 * A CMDB file that loaded, with what looked wrong but did not stop it (for example a relation to a CI the file does
 * not contain: CMDBs reference CIs that arrive later, so the relation is kept).
 *
 * @param snapshot the items and relations read
 * @param warnings one line each, naming the file and the JSON path, e.g.
 *                 {@code cmdb.json: $.relations[4]: target 'db-9' is not a configuration item in this file; ...}
 */
public record CmdbLoadResult(CmdbSnapshot snapshot, List<String> warnings) {

    public CmdbLoadResult {
        Objects.requireNonNull(snapshot, "snapshot");
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    }
}
