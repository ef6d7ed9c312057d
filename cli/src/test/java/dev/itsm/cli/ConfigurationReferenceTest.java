package dev.itsm.cli;

import dev.itsm.connectors.elasticsearch.ElasticsearchOptions;
import dev.itsm.connectors.kafka.KafkaOptions;
import dev.itsm.gateway.GatewayOptions;
import dev.itsm.jobs.JobOptions;
import dev.itsm.jobs.incident.IncidentJobOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration reference says exactly what the option constants say, no more, no less. */
class ConfigurationReferenceTest {

    private static final List<Class<?>> OPTION_CLASSES = List.of(KafkaOptions.class, ElasticsearchOptions.class, JobOptions.class, IncidentJobOptions.class,
            GatewayOptions.class);
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| (.+?) \\| (.+) \\|$");

    @Test
    void shouldDocumentEveryOptionWithItsDefaultAndDescription() throws Exception {
        Map<String, String> documented = readmeRows();
        Map<String, String> expected = new LinkedHashMap<>();
        for (ConfigOption<?> option : options()) {
            expected.put(option.key(), renderDefault(option) + " | " + descriptionText(option));
        }

        assertThat(documented).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private static Map<String, String> readmeRows() throws Exception {
        Path readme = Path.of("..", "README.md");
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inReference = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("## ")) {
                inReference = line.equals("## Configuration reference");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inReference && m.matches()) {
                rows.put(m.group(1), m.group(2) + " | " + m.group(3));
            }
        }
        return rows;
    }

    private static List<ConfigOption<?>> options() throws IllegalAccessException {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> type : OPTION_CLASSES) {
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                    options.add((ConfigOption<?>) field.get(null));
                }
            }
        }
        return options;
    }

    private static String descriptionText(ConfigOption<?> option) {
        StringBuilder text = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement element) {
                text.append(element.getFormat());
            }
        }
        return text.toString().trim();
    }

    private static String renderDefault(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        String text;
        if (value instanceof Duration d) {
            text = TimeUtils.formatWithHighestUnit(d);
        } else if (value instanceof MemorySize size) {
            text = size.getBytes() % (1024 * 1024) == 0 ? size.getMebiBytes() + " mb" : size.getBytes() + " bytes";
        } else if (value instanceof Enum<?> e) {
            text = e.name();
        } else if (value instanceof List<?> list) {
            text = String.join(";", list.stream().map(String::valueOf).toList());
        } else {
            text = String.valueOf(value);
        }
        return "`" + text + "`";
    }
}
