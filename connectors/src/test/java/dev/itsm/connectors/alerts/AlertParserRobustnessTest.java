package dev.itsm.connectors.alerts;

import static dev.itsm.connectors.alerts.TestingPayloads.SENT_AT;
import static dev.itsm.connectors.alerts.TestingPayloads.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.core.model.Alert;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the bytes, {@link AlertParser#parse} returns (never throws) exactly one of alerts or a dead
 * letter with a reason, and never blames itself ({@link AlertParser#PARSER_ERROR}). Seeds are fixed, so a failure
 * is reproducible; its message shows the payload.
 */
class AlertParserRobustnessTest {
    private static final int CASES = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GOOD = List.of("alertmanager-group-of-3.json", "alertmanager-resolved.json",
            "grafana-firing.json", "grafana-resolved.json", "zabbix-problem.json", "zabbix-recovery.json",
            "generic-single.json", "generic-batch.json");
    private static final String[] HINTS = {null, null, null, "alertmanager", "grafana", "zabbix", "generic", "nagios"};
    private static final Set<String> ERROR_TYPES = Set.of(DeadLetter.NOT_JSON, DeadLetter.MISSING_FIELD,
            DeadLetter.INVALID_FIELD, DeadLetter.TOO_LARGE, DeadLetter.UNKNOWN_FORMAT);
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\"alerts\"", "\"version\"", "\"4\"",
        "\"name\"", "\"status\"", "\"firing\"", "\"labels\"", "\"event_id\"", "null", "true", "-1", "1e999", "0.5",
        "\"\\u0000\"", "\"\\ud800\"", "\"2024-05-01T10:00:00Z\"", "\"9999-12-31T23:59:59Z\"", " ", "\n", "\\"};

    private final AlertParser parser = new AlertParser(
            new ParserSettings(64 * 1024, Severity.WARNING, SeverityWords.none(), Map.of()));

    @Test
    void shouldNeverThrowOnRandomBytes() {
        Random random = new Random(20240501L);
        for (int i = 0; i < CASES; i++) {
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(payload);
            if (payload.length > 0 && random.nextBoolean()) {
                payload[0] = (byte) (random.nextBoolean() ? '{' : '[');
            }
            check(payload, HINTS[random.nextInt(HINTS.length)]);
        }
    }

    @Test
    void shouldNeverThrowOnRandomJsonLikeText() {
        Random random = new Random(42L);
        for (int i = 0; i < CASES; i++) {
            var text = new StringBuilder();
            int tokens = random.nextInt(200);
            for (int t = 0; t < tokens; t++) {
                text.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            check(text.toString().getBytes(StandardCharsets.UTF_8), HINTS[random.nextInt(HINTS.length)]);
        }
    }

    @Test
    void shouldNeverThrowOnByteMutationsOfGoodPayloads() {
        Random random = new Random(7L);
        List<byte[]> good = GOOD.stream().map(TestingPayloads::resource).toList();
        for (int i = 0; i < CASES; i++) {
            byte[] payload = good.get(random.nextInt(good.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                payload = mutateBytes(payload, random);
            }
            check(payload, HINTS[random.nextInt(HINTS.length)]);
        }
    }

    @Test
    void shouldNeverThrowOnStructuralMutationsOfGoodPayloads() throws Exception {
        Random random = new Random(11L);
        List<JsonNode> good = new ArrayList<>();
        for (String name : GOOD) {
            good.add(JSON.readTree(resource(name)));
        }
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            JsonNode tree = good.get(random.nextInt(good.size())).deepCopy();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                tree = mutateTree(tree, random);
            }
            ParseResult result = check(JSON.writeValueAsBytes(tree), HINTS[random.nextInt(3)]);
            parsed += result.isRejected() ? 0 : 1;
        }
        // Many mutations hit fields we do not read: a fair share must still parse, or the test only tests rejection.
        assertThat(parsed).isGreaterThan(CASES / 10);
    }

    private ParseResult check(byte[] payload, String hint) {
        String shown = "hint=" + hint + " payload(base64)=" + Base64.getEncoder().encodeToString(payload);
        ParseResult result;
        try {
            result = parser.parse(payload, hint, SENT_AT);
        } catch (Throwable t) {
            throw new AssertionError("parse threw for " + shown, t);
        }
        assertThat(result).as(shown).isNotNull();
        if (result.isRejected()) {
            DeadLetter letter = result.rejected();
            assertThat(result.alerts()).as(shown).isEmpty();
            assertThat(letter.errorType()).as("%s: %s", shown, letter.reason()).isIn(ERROR_TYPES);
            assertThat(letter.reason()).as(shown).isNotBlank().doesNotContain("\n");
            assertThat(letter.original()).as(shown).isEqualTo(payload);
        } else {
            assertThat(result.alerts()).as(shown).isNotEmpty();
            for (Alert alert : result.alerts()) {
                assertThat(Times.accepted(alert.startsAt())).as(shown).isTrue();
                assertThat(alert.endsAt() == null || !alert.endsAt().isBefore(alert.startsAt())).as(shown).isTrue();
                assertThat(alert.hostIp() == null || Hosts.isIpLiteral(alert.hostIp())).as(shown).isTrue();
                assertThat(alert.labels().size()).as(shown).isLessThanOrEqualTo(AlertParser.MAX_LABELS);
                assertThat(alert.timestamp()).isEqualTo(SENT_AT);
            }
        }
        return result;
    }

    private static byte[] mutateBytes(byte[] in, Random random) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(6)) {
            case 0 -> { // flip a bit
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> { // truncate
                return Arrays.copyOf(in, at);
            }
            case 2 -> { // delete a range
                int len = Math.min(in.length - at, 1 + random.nextInt(40));
                byte[] out = new byte[in.length - len];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + len, out, at, in.length - at - len);
                return out;
            }
            case 3 -> { // insert a token
                byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                return splice(in, at, token);
            }
            case 4 -> { // duplicate a range
                int len = Math.min(in.length - at, 1 + random.nextInt(60));
                byte[] piece = Arrays.copyOfRange(in, at, at + len);
                return splice(in, random.nextInt(in.length), piece);
            }
            default -> { // a random byte, often not valid UTF-8
                byte[] out = in.clone();
                out[at] = (byte) random.nextInt(256);
                return out;
            }
        }
    }

    private static byte[] splice(byte[] in, int at, byte[] insert) {
        byte[] out = new byte[in.length + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at, out, at + insert.length, in.length - at);
        return out;
    }

    /** Replaces or removes one random node of the tree. */
    private static JsonNode mutateTree(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        if (containers.isEmpty()) {
            return randomValue(random, 0);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                object.remove(name);
            } else {
                object.set(name, randomValue(random, 0));
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            int index = random.nextInt(array.size());
            if (random.nextInt(4) == 0) {
                array.remove(index);
            } else {
                array.set(index, randomValue(random, 0));
            }
        }
        return root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collectContainers(it.next(), out);
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 3 ? 9 : 12)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(random.nextDouble() * 1e12);
            case 4 -> f.textNode("");
            case 5 -> f.textNode(HexFormat.of().formatHex(new byte[random.nextInt(20)]));
            case 6 -> f.textNode(List.of("firing", "resolved", "4", "1", "0", "PROBLEM", "{EVENT.ID}", "UNKNOWN",
                    "2024-05-01T10:00:00Z", "0001-01-01T00:00:00Z", "9999-01-01T00:00:00Z", "1714558530",
                    "10.0.0.1:9100", "[::1]:80", "2024.05.01", "10:00:00", "Europe/Berlin", "[]",
                    "[{\"tag\":\"a\"}]").get(random.nextInt(19)));
            case 7 -> f.textNode("x".repeat(random.nextInt(5_000)));
            case 8 -> f.numberNode(random.nextInt(6));
            case 9 -> {
                ObjectNode object = f.objectNode();
                int n = random.nextInt(random.nextInt(10) == 0 ? 400 : 5);
                for (int i = 0; i < n; i++) {
                    object.set(List.of("alertname", "severity", "instance", "tag", "value", "k" + i)
                            .get(random.nextInt(6)), randomValue(random, depth + 1));
                }
                yield object;
            }
            case 10 -> {
                ArrayNode array = f.arrayNode();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                JsonNode deep = f.arrayNode();
                for (int i = 0; i < 100; i++) {
                    deep = f.arrayNode().add(deep);
                }
                yield deep;
            }
        };
    }
}
