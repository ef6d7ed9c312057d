package dev.itsm.jobs;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * One event-time timer per key, remembered in keyed state: for a function that only ever needs its earliest
 * deadline and moves it as things change.
 */
public final class SingleTimer {

    private SingleTimer() {
    }

    /**
     * Moves the key's timer to {@code next} ({@link Long#MAX_VALUE}: none), deleting the one registered before.
     *
     * @param registered the state that remembers the key's timer
     */
    public static void moveTo(ValueState<Long> registered, TimerService timers, long next) throws Exception {
        Long current = registered.value();
        if (current != null && current == next) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        if (next == Long.MAX_VALUE) {
            registered.clear();
        } else {
            timers.registerEventTimeTimer(next);
            registered.update(next);
        }
    }
}
