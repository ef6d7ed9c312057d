package dev.itsm.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The benchmark's synthetic estate and alert stream, the same on every run: {@code cis} hosts spread over 50
 * business services, and {@code fingerprints} distinct alerts (a few alert names per host), each notified in
 * rounds: firing repeats, a resolve in every tenth round, firing again after it.
 */
final class BenchData {
    static final String[] NAMES = {"HighCpuLoad", "DiskAlmostFull", "MemoryPressure", "NodeExporterDown", "NtpDrift",
            "HighIoWait", "NetworkErrors", "ProcessRestarts"};
    static final int SERVICES = 50;

    private final int cis;
    private final int fingerprints;

    BenchData(int cis, int fingerprints) {
        if (fingerprints < cis || fingerprints > cis * NAMES.length) {
            throw new IllegalArgumentException("fingerprints must be between the number of CIs (" + cis + ") and "
                    + NAMES.length + " per CI (" + cis * NAMES.length + "), was " + fingerprints);
        }
        this.cis = cis;
        this.fingerprints = fingerprints;
    }

    static String host(int i) {
        return String.format("host-%05d", i);
    }

    /** Writes the CMDB export: the hosts, the business services, and "service depends_on host" relations. */
    void writeCmdb(Path file) throws Exception {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("exported_at", "2026-01-01T00:00:00Z");
        ArrayNode items = root.putArray("configuration_items");
        ArrayNode relations = root.putArray("relations");
        for (int s = 0; s < SERVICES; s++) {
            ObjectNode service = items.addObject();
            service.put("id", "svc-" + s).put("type", "business_service").put("name", "service " + s)
                    .put("criticality", 1 + s % 5).put("support_group", "team-" + s % 10);
            service.putArray("identifiers").add("service-" + s);
        }
        for (int i = 0; i < cis; i++) {
            ObjectNode host = items.addObject();
            host.put("id", host(i)).put("type", "host").put("name", host(i)).put("criticality", 2 + i % 4)
                    .put("support_group", "ops-" + i % 20).put("service", "svc-" + i % SERVICES);
            host.putArray("identifiers").add(host(i) + ".example.com").add(host(i));
            relations.addObject().put("source", "svc-" + i % SERVICES).put("type", "depends_on").put("target", host(i));
        }
        Files.write(file, Json.toBytes(root));
    }

    /** The key of notification {@code n}: its fingerprint's number, so one alert's notifications stay in order. */
    int fingerprintOf(long n) {
        return (int) (n % fingerprints);
    }

    /** Notification {@code n} of the stream, a generic-format payload. */
    byte[] payload(long n) {
        int fp = fingerprintOf(n);
        long round = n / fingerprints;
        int hostIndex = fp % cis;
        String name = NAMES[fp / cis];
        boolean resolved = round % 10 == 9;
        String host = host(hostIndex);
        return ("{\"name\":\"" + name + "\",\"status\":\"" + (resolved ? "resolved" : "firing") + "\",\"severity\":\""
                + (fp % 3 == 0 ? "critical" : fp % 3 == 1 ? "major" : "warning") + "\",\"host\":\"" + host
                + "\",\"summary\":\"" + name + " on " + host + "\",\"labels\":{\"alertname\":\"" + name + "\",\"host\":\"" + host
                + "\",\"site\":\"s" + hostIndex % 4 + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Event time of notification {@code n}: evenly spread, {@code spacingMicros} apart from {@code base}. */
    static Instant time(Instant base, long n, long spacingMicros) {
        return base.plusNanos(n * spacingMicros * 1000);
    }
}
