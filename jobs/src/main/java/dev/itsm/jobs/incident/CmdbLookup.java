package dev.itsm.jobs.incident;

import dev.itsm.jobs.slo.BurnRateAlerts;
import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbIndex;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.rules.RulePack;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the incident job learns about an alert from the CMDB: its CI, the business services it supports, the most
 * critical of them, its support group, the CIs upstream of it, and its correlation key.
 *
 * <p>Correlation keys: an alert on a known CI is keyed by the CI's topology region ({@link CmdbIndex#regionOf}), so
 * that alerts whose CIs may be related meet in one key; with topology correlation off ({@code max-hops: 0}) by the CI
 * itself. An SLO burn-rate alert (source {@code slo}) is keyed by its service ({@code slo:<ci>}): an incident of its
 * own. An alert on an unknown CI is keyed by the identifier it carried (host name, IP, service), or, carrying none,
 * by its fingerprint. The rule pack's {@code group-by} labels are appended in every case.
 *
 * <p>Serializable with its operator; the index itself is built on first use in each parallel instance, from the
 * bootstrap export overlaid with the changes kept in broadcast state, and then kept current through {@link #apply}.
 */
final class CmdbLookup implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What the lookup found; {@code ci} is null for an unknown CI. */
    record Found(ConfigItem ci, int criticality, List<String> services, List<String> upstream, String correlationKey) {
    }

    private final byte[] bootstrapJson;
    private List<String> groupBy;
    private int maxHops;
    private Set<String> boundaryTypes;

    private transient CmdbIndex index;

    CmdbLookup(CmdbSnapshot bootstrap, RulePack rules) {
        this.bootstrapJson = Json.toBytes(bootstrap);
        use(rules);
    }

    /** Takes the correlation settings (group-by, max hops, region boundaries) of this pack from now on. */
    void use(RulePack rules) {
        this.groupBy = List.copyOf(rules.groupBy());
        this.maxHops = rules.maxHops();
        this.boundaryTypes = Set.copyOf(rules.regionBoundaryTypes());
    }

    /** Builds the index on first use: the bootstrap export, then the changes from the topic. */
    CmdbIndex index(Iterable<Map.Entry<String, CmdbChange>> changes) {
        if (index == null) {
            List<CmdbChange> all = new ArrayList<>(Json.fromBytes(bootstrapJson, CmdbSnapshot.class).changes());
            for (Map.Entry<String, CmdbChange> entry : changes) {
                all.add(entry.getValue());
            }
            index = CmdbIndex.fromChanges(all, CmdbIndex.DEFAULT_MAX_DEPTH);
        }
        return index;
    }

    /** Applies a change from the topic, once the index exists (before that, the change is in broadcast state). */
    void apply(CmdbChange change) {
        if (index != null) {
            index.apply(change);
        }
    }

    int itemCount() {
        return index == null ? 0 : index.itemCount();
    }

    Found find(CmdbIndex cmdb, Alert alert) {
        Optional<ConfigItem> found = cmdb.resolve(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
        String group = groupKey(alert.labels());
        if (found.isEmpty()) {
            String carried = firstNonBlank(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
            String key = carried == null ? "alert:" + alert.fingerprint() : "unknown:" + carried.toLowerCase(Locale.ROOT);
            return new Found(null, 0, List.of(), List.of(), key + group);
        }
        ConfigItem ci = found.get();
        List<String> services = cmdb.businessServicesOf(ci.id());
        int criticality = ci.criticality();
        for (String service : services) {
            criticality = Math.min(criticality, cmdb.item(service).map(ConfigItem::criticality).orElse(criticality));
        }
        String key = maxHops == 0 ? "ci:" + ci.id() : "region:" + cmdb.regionOf(ci.id(), boundaryTypes, maxHops);
        if (BurnRateAlerts.isBurnRate(alert.source())) {
            // an SLO's burn-rate alerts make an incident of their own on the service, owned by its support group:
            // joined to the outage's incident they would raise its priority and keep it open while the budget still
            // burns (a slow burn fires for hours after the outage ended)
            key = "slo:" + ci.id();
        }
        return new Found(ci, criticality, services, cmdb.upstreamOf(ci.id(), maxHops), key + group);
    }

    private String groupKey(Map<String, String> labels) {
        if (groupBy.isEmpty()) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (String label : groupBy) {
            key.append('|').append(label).append('=').append(labels.getOrDefault(label, ""));
        }
        return key.toString();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
