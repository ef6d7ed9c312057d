package dev.itsm.cli.rules;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink that keeps what it receives in this JVM, where {@link OfflineCluster}'s MiniCluster runs; the writer finds
 * its list by name because Flink hands it a serialised copy of the sink.
 */
final class CollectingSink<T> implements Sink<T>, AutoCloseable {
    private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();

    private final String name = UUID.randomUUID().toString();

    CollectingSink() {
        RECEIVED.put(name, new CopyOnWriteArrayList<>());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> received = RECEIVED.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                received.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    @SuppressWarnings("unchecked")
    List<T> received() {
        return (List<T>) List.copyOf(RECEIVED.get(name));
    }

    /** Forgets what was received. */
    @Override
    public void close() {
        RECEIVED.remove(name);
    }
}
