package dev.itsm.cli.chaos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.connectors.cmdb.CmdbChange;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A recorded alert storm, the same for the same sizes on every run: a CMDB of sites (a switch, hosts connected to
 * it, an application on each host, a few spare hosts that never alert) under ten business services, and outages
 * spread over an hour of event time. An outage starts on a switch, a host or an application, its dependants follow
 * within a minute, each alert repeats every minute while it fires and resolves when the outage ends. A few CIs fail
 * again and again (problems), a few alerts name hosts the CMDB does not know, and one payload in a hundred is broken
 * (dead letters).
 *
 * <pre>{@code
 * ChaosStorm storm = new ChaosStorm(300, 3000);
 * storm.writeCmdb(dir.resolve("cmdb.json"));
 * storm.notifications().forEach(n -> producer.send(new ProducerRecord<>(raw, null, n.at().toEpochMilli(), n.key(), n.payload())));
 * }</pre>
 */
public final class ChaosStorm {
    /** Event time of the storm's first minute. */
    public static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    /** How much event time the outages' starts are spread over. */
    public static final Duration SPAN = Duration.ofHours(1);

    static final int SERVICES = 10;
    static final int SPARES_PER_SITE = 3;
    private static final long SEED = 20260302L;

    /** One payload for the raw alerts topic: its event time (the record timestamp), key and generic-format body. */
    public record Notification(Instant at, String key, byte[] payload, boolean broken) {
    }

    private final int sites;
    private final int hostsPerSite;
    private final List<Notification> notifications;
    private final Set<String> identities = new TreeSet<>();

    /**
     * @param cis    about how many CIs the CMDB holds (at least 40)
     * @param alerts about how many notifications the storm holds (whole outages are kept, so a few more)
     */
    public ChaosStorm(int cis, int alerts) {
        if (cis < 40 || alerts < 100) {
            throw new IllegalArgumentException("a storm needs at least 40 CIs and 100 alerts, was " + cis + " and " + alerts);
        }
        this.sites = Math.max(2, cis / 50);
        this.hostsPerSite = Math.max(4, (cis - SERVICES) / sites - 1 - SPARES_PER_SITE) / 2;
        this.notifications = generate(alerts);
    }

    public int configurationItems() {
        return SERVICES + sites * (1 + 2 * hostsPerSite + SPARES_PER_SITE);
    }

    /** The notifications in event-time order. */
    public List<Notification> notifications() {
        return notifications;
    }

    /** The identities ({@code alertname|host}) of every well-formed alert in the storm. */
    public Set<String> identities() {
        return identities;
    }

    /** Event time of the storm's last notification. */
    public Instant end() {
        return notifications.get(notifications.size() - 1).at();
    }

    /** Writes the CMDB export the incident job starts from. */
    public void writeCmdb(Path file) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("exported_at", "2026-03-01T00:00:00Z");
        ArrayNode items = root.putArray("configuration_items");
        ArrayNode relations = root.putArray("relations");
        for (int s = 0; s < SERVICES; s++) {
            item(items, service(s), "business_service", 1 + s % 4, "team-" + s % 5, null);
        }
        for (int site = 0; site < sites; site++) {
            item(items, switchOf(site), "network_device", 2, "network", null);
            for (int h = 0; h < hostsPerSite; h++) {
                int service = (site * hostsPerSite + h) % SERVICES;
                item(items, host(site, h), "host", 2 + h % 3, "linux-ops", service(service));
                item(items, app(site, h), "application", 2 + h % 4, "app-team-" + service % 5, service(service));
                relation(relations, host(site, h), "connected_to", switchOf(site));
                relation(relations, app(site, h), "runs_on", host(site, h));
                relation(relations, service(service), "depends_on", app(site, h));
            }
            for (int p = 0; p < SPARES_PER_SITE; p++) {
                item(items, spare(site, p), "host", 5, "linux-ops", null);
                relation(relations, spare(site, p), "connected_to", switchOf(site));
            }
        }
        Files.write(file, Json.toBytes(root));
    }

    /**
     * Hostile CMDB changes for the topic, harmless by design: a relation cycle among the spare hosts of site 0 (which
     * never alert), and relations between alerting hosts and applications and CIs the CMDB does not know, named so
     * that they sort before every real CI id (each unknown CI on one site: one that connected two sites would join
     * their regions, as any relation between them would).
     */
    public List<CmdbChange> hostileCmdbChanges() {
        List<CmdbChange> changes = new ArrayList<>();
        for (int p = 0; p < SPARES_PER_SITE; p++) {
            changes.add(CmdbChange.upsert(relationOf(spare(0, p), RelationType.DEPENDS_ON, spare(0, (p + 1) % SPARES_PER_SITE))));
        }
        for (int site = 0; site < sites; site++) {
            changes.add(CmdbChange.upsert(relationOf(host(site, 1), RelationType.DEPENDS_ON, "0-unknown-storage-" + site)));
            changes.add(CmdbChange.upsert(relationOf(app(site, 2), RelationType.DEPENDS_ON, "0-unknown-queue-" + site)));
            changes.add(CmdbChange.upsert(relationOf("0-unknown-caller-" + site, RelationType.DEPENDS_ON, app(site, 3))));
        }
        return changes;
    }

    private static Relation relationOf(String source, RelationType type, String target) {
        return new Relation(Relation.idOf(source, type, target), type, source, target, Instant.parse("2026-03-02T08:30:00Z"), 1);
    }

    private List<Notification> generate(int wanted) {
        Random random = new Random(SEED);
        List<Notification> out = new ArrayList<>();
        // two hosts fail again and again within the hour: a flapping alert and a reopened incident for the problem job
        for (int h = 0; h < 2; h++) {
            for (int round = 0; round < 4; round++) {
                Instant at = START.plus(Duration.ofMinutes(3 + 14L * round + 2L * h));
                alert(out, at, Duration.ofMinutes(4), "DiskAlmostFull", host(h % sites, h), "major");
            }
        }
        int outage = 0;
        while (out.size() < wanted) {
            long startMillis = (long) (random.nextDouble() * SPAN.toMillis());
            Instant start = START.plusMillis(startMillis);
            Duration length = Duration.ofSeconds(120 + random.nextInt(720));
            double kind = random.nextDouble();
            if (outage % 17 == 8) {
                alert(out, start, length, "BackupFailed", "unknown-nas-" + random.nextInt(3), "major");
            } else if (kind < 0.12) {
                int site = random.nextInt(sites);
                alert(out, start, length, "SwitchDown", switchOf(site), "critical");
                int affected = 2 + random.nextInt(3);
                for (int i = 0; i < affected; i++) {
                    int h = random.nextInt(hostsPerSite);
                    Instant symptom = start.plusSeconds(5 + random.nextInt(50));
                    alert(out, symptom, length.minusSeconds(random.nextInt(30)), "NodeUnreachable", host(site, h), "critical");
                    alert(out, symptom.plusSeconds(10), length.minusSeconds(40), "HttpErrors", app(site, h), "major");
                }
            } else if (kind < 0.6) {
                int site = random.nextInt(sites);
                int h = 2 + random.nextInt(hostsPerSite - 2);
                String name = random.nextBoolean() ? "NodeDown" : "HighCpuLoad";
                alert(out, start, length, name, host(site, h), name.equals("NodeDown") ? "critical" : "warning");
                if (random.nextInt(3) > 0) {
                    alert(out, start.plusSeconds(10 + random.nextInt(40)), length.minusSeconds(60), "HttpErrors", app(site, h), "major");
                }
            } else {
                int site = random.nextInt(sites);
                int h = 2 + random.nextInt(hostsPerSite - 2);
                alert(out, start, length, random.nextBoolean() ? "LatencyHigh" : "HttpErrors", app(site, h),
                        random.nextBoolean() ? "major" : "minor");
            }
            if (outage % 50 == 20) {
                out.add(new Notification(start, "broken", ("{\"name\": \"Broken" + outage + "\", \"status\": ")
                        .getBytes(StandardCharsets.UTF_8), true));
            }
            outage++;
        }
        out.sort(Comparator.comparing(Notification::at));
        return List.copyOf(out);
    }

    /** The notifications of one alert: firing every minute from {@code start}, resolved after {@code length}. */
    private void alert(List<Notification> out, Instant start, Duration length, String name, String host, String severity) {
        identities.add(name + "|" + host);
        Instant end = start.plus(length.isNegative() || length.getSeconds() < 60 ? Duration.ofSeconds(60) : length);
        for (Instant at = start; at.isBefore(end); at = at.plusSeconds(60)) {
            out.add(notification(at, name, host, severity, "firing"));
        }
        out.add(notification(end, name, host, severity, "resolved"));
    }

    private static Notification notification(Instant at, String name, String host, String severity, String status) {
        String body = "{\"name\":\"" + name + "\",\"status\":\"" + status + "\",\"severity\":\"" + severity + "\",\"host\":\""
                + host + "\",\"summary\":\"" + name + " on " + host + "\",\"labels\":{\"alertname\":\"" + name
                + "\",\"host\":\"" + host + "\"}}";
        return new Notification(at, name + "|" + host, body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void item(ArrayNode items, String id, String type, int criticality, String group, String service) {
        ObjectNode item = items.addObject();
        item.put("id", id).put("type", type).put("name", id).put("criticality", criticality).put("support_group", group);
        if (service != null) {
            item.put("service", service);
        }
        item.putArray("identifiers").add(id).add(id + ".chaos.example.com");
    }

    private static void relation(ArrayNode relations, String source, String type, String target) {
        relations.addObject().put("source", source).put("type", type).put("target", target);
    }

    static String service(int s) {
        return String.format("svc-%02d", s);
    }

    static String switchOf(int site) {
        return "sw-s" + site;
    }

    static String host(int site, int h) {
        return String.format("host-s%d-%02d", site, h);
    }

    static String app(int site, int h) {
        return String.format("app-s%d-%02d", site, h);
    }

    static String spare(int site, int p) {
        return "spare-s" + site + "-" + p;
    }
}
