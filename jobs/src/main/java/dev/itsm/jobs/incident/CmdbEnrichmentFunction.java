package dev.itsm.jobs.incident;

import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.connectors.cmdb.CmdbIndex;
import dev.itsm.connectors.cmdb.CmdbSnapshot;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds each alert's configuration item in the CMDB and derives what the incident needs from it: the CI, the
 * business services it supports, the most critical of them, its support group, and the correlation key.
 *
 * <p>The CMDB is the bootstrap export shipped with the job, overlaid with the changes from the {@code itsm.cmdb}
 * topic, which arrive on the broadcast side and are kept (latest per key, deletes included) in broadcast state.
 * Each parallel instance builds its lookup index from those on first use after a (re)start and keeps it current.
 * Changes take effect for the alerts that arrive after them, without a restart.
 */
public final class CmdbEnrichmentFunction extends BroadcastProcessFunction<Alert, CmdbChange, EnrichedAlert> {

    /** The CMDB changes received from the topic: change key → latest change. */
    public static final MapStateDescriptor<String, CmdbChange> CHANGES =
            new MapStateDescriptor<>("cmdb-changes", Types.STRING, TypeInformation.of(CmdbChange.class));

    private final byte[] bootstrapJson;
    private final List<String> groupBy;
    private final int maxDepth;

    private transient CmdbIndex index;
    private transient Counter unknownCi;

    /** @param bootstrap the CMDB export the job starts from (shipped inside the job graph as JSON) */
    public CmdbEnrichmentFunction(CmdbSnapshot bootstrap, RulePack rules) {
        this.bootstrapJson = Json.toBytes(bootstrap);
        this.groupBy = List.copyOf(rules.groupBy());
        this.maxDepth = CmdbIndex.DEFAULT_MAX_DEPTH;
    }

    @Override
    public void open(OpenContext openContext) {
        unknownCi = getRuntimeContext().getMetricGroup().counter("alertsUnknownCi");
        getRuntimeContext().getMetricGroup().gauge("cmdbItems", () -> index == null ? 0 : index.itemCount());
    }

    @Override
    public void processElement(Alert alert, ReadOnlyContext ctx, Collector<EnrichedAlert> out) throws Exception {
        CmdbIndex cmdb = index(ctx.getBroadcastState(CHANGES));
        Optional<ConfigItem> found = cmdb.resolve(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
        String groupKey = groupKey(alert.labels());
        long now = System.currentTimeMillis();
        if (found.isEmpty()) {
            unknownCi.inc();
            String carried = firstNonBlank(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
            String key = carried == null ? "alert:" + alert.fingerprint() : "unknown:" + carried.toLowerCase(java.util.Locale.ROOT);
            out.collect(new EnrichedAlert(alert, false, null, 0, null, List.of(), key + groupKey, now));
            return;
        }
        ConfigItem ci = found.get();
        List<String> services = cmdb.businessServicesOf(ci.id());
        int criticality = ci.criticality();
        for (String service : services) {
            criticality = Math.min(criticality, cmdb.item(service).map(ConfigItem::criticality).orElse(criticality));
        }
        out.collect(new EnrichedAlert(alert.withCiId(ci.id()), true, ci.type(), criticality, ci.supportGroup(),
                services, "ci:" + ci.id() + groupKey, now));
    }

    @Override
    public void processBroadcastElement(CmdbChange change, Context ctx, Collector<EnrichedAlert> out) throws Exception {
        ctx.getBroadcastState(CHANGES).put(change.key(), change);
        if (index != null) {
            index.apply(change);
        }
    }

    private CmdbIndex index(ReadOnlyBroadcastState<String, CmdbChange> changes) throws Exception {
        if (index == null) {
            List<CmdbChange> all = new ArrayList<>(Json.fromBytes(bootstrapJson, CmdbSnapshot.class).changes());
            for (Map.Entry<String, CmdbChange> entry : changes.immutableEntries()) {
                all.add(entry.getValue());
            }
            index = CmdbIndex.fromChanges(all, maxDepth);
        }
        return index;
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
