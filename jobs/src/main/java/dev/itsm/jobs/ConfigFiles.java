package dev.itsm.jobs;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads job configuration: a file of {@code key: value} or {@code key=value} lines ({@code #} starts a comment), as
 * Flink's flat config.yaml and Java properties both look, then {@code -Dkey=value} arguments on top.
 */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /**
     * Parses {@code --config FILE} and {@code -Dkey=value} arguments.
     *
     * @throws IllegalArgumentException naming the argument or the file line that is wrong
     */
    public static Configuration fromArgs(List<String> args) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--config")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--config needs a file name");
                }
                values.putAll(read(Path.of(args.get(++i))));
            } else if (arg.startsWith("-D") && arg.indexOf('=') > 2) {
                values.put(arg.substring(2, arg.indexOf('=')).trim(), arg.substring(arg.indexOf('=') + 1).trim());
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "': expected --config FILE or -Dkey=value");
            }
        }
        return Configuration.fromMap(values);
    }

    /** The settings of one file. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            int equals = line.indexOf('=');
            int split = equals >= 0 && (colon < 0 || equals < colon) ? equals : colon;
            if (split <= 0) {
                throw new IllegalArgumentException(file + ": line " + (n + 1) + ": expected 'key: value' or 'key=value' but found '" + line + "'");
            }
            values.put(line.substring(0, split).trim(), unquote(line.substring(split + 1).trim()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
