package dev.itsm.jobs;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.rules.RulePack;
import dev.itsm.rules.RuleValidationException;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * The rule pack an operator runs, switchable while the job runs (hot reload). Every operator that reads rules has
 * the checked packs of the rules topic ({@link RulePackChecker}) as a broadcast input and holds one of these:
 *
 * <pre>{@code
 * public void processElement(Alert alert, ReadOnlyContext ctx, Collector<EnrichedAlert> out) {
 *     rules = active.get(ctx.getBroadcastState(ActiveRulePack.STATE));
 *     ...
 * }
 * public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<EnrichedAlert> out) {
 *     active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
 * }
 * }</pre>
 *
 * <p><b>The switching point</b> is, in each parallel instance of each operator, the moment the pack's broadcast
 * element is processed there: every record, timer and broadcast element it processes afterwards uses the new pack.
 * Flink does not order a broadcast input against the other inputs, so two instances, or two operators, may switch a
 * few records apart; every instance receives the same packs in the same order (they come from one record key, hence
 * one partition), so all end on the same pack.
 *
 * <p>The pack is kept in broadcast state (its files, compiled again on first use), so after a restart from a
 * checkpoint or savepoint the pack from state wins over the start-up pack the operator was constructed with; a
 * stored pack of another name than the start-up pack (the job was restarted with another pack) is ignored.
 */
public final class ActiveRulePack implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ActiveRulePack.class);

    /** Broadcast state of every operator that reads rules: the last pack it accepted, under one key. */
    public static final MapStateDescriptor<String, RulePackRecord> STATE =
            new MapStateDescriptor<>("rule-pack", Types.STRING, TypeInformation.of(RulePackRecord.class));

    private static final String ACTIVE = "active";

    private final RulePack startUp;

    private transient RulePack current;
    private transient RulePackRecord compiledFrom;
    private transient Counter activated;
    private transient String operator;

    public ActiveRulePack(RulePack startUp) {
        this.startUp = Objects.requireNonNull(startUp, "startUp");
    }

    /** Call from the function's {@code open}: registers {@code rulePacksActivated}. */
    public void open(RuntimeContext context) {
        current = startUp;
        compiledFrom = null;
        activated = context.getMetricGroup().counter("rulePacksActivated");
        operator = context.getTaskInfo().getTaskNameWithSubtasks();
    }

    /** The start-up pack, before {@link #open} and for building the graph. */
    public RulePack startUp() {
        return startUp;
    }

    /**
     * The pack to use now: the one in broadcast state (restored from a checkpoint, or activated), else the start-up
     * pack. Cheap enough to call for every record (one map lookup).
     */
    public RulePack get(ReadOnlyBroadcastState<String, RulePackRecord> state) throws Exception {
        RulePackRecord stored = state.get(ACTIVE);
        if (stored != null && stored != compiledFrom) {
            compiledFrom = stored;
            if (!stored.name().equals(startUp.name())) {
                LOG.warn("{}: ignoring rule pack {} from state: this job runs pack '{}'", operator, stored.lineage(), startUp.name());
            } else if (!stored.lineage().equals(current.lineage())) {
                current = compile(stored, current);
                LOG.info("{}: rule pack {} restored from state", operator, current.lineage());
            }
        }
        return current;
    }

    /**
     * Call from {@code processBroadcastElement}: keeps a checked pack in broadcast state and runs it from now on.
     *
     * @return whether the running pack changed (false for the pack already running)
     */
    public boolean activate(RulePackRecord next, BroadcastState<String, RulePackRecord> state) throws Exception {
        RulePack before = get(state);
        if (next.lineage().equals(before.lineage())) {
            state.put(ACTIVE, next);
            compiledFrom = next;
            return false;
        }
        RulePack compiled = compile(next, null);
        if (compiled == null) {
            return false;
        }
        state.put(ACTIVE, next);
        compiledFrom = next;
        current = compiled;
        activated.inc();
        LOG.info("{}: switched from rule pack {} to {}", operator, before.lineage(), compiled.lineage());
        return true;
    }

    /** Packs arrive checked ({@link RulePackChecker}); this only guards against a pack that a newer version refuses. */
    private RulePack compile(RulePackRecord record, RulePack fallback) {
        try {
            return record.compile();
        } catch (RuleValidationException e) {
            LOG.error("{}: keeping rule pack {}: {}", operator, current.lineage(), e.getMessage());
            return fallback;
        }
    }
}
