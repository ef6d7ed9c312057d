package dev.itsm.cli;

import dev.itsm.devstack.ElasticsearchNode;
import dev.itsm.devstack.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm setup} against the real Elasticsearch node, twice: the second run changes nothing. */
@ExtendWith(LocalStackExtension.class)
class SetupCommandITCase {

    @Test
    void shouldPrintOneLinePerTemplateAndFindEverythingUnchangedTheSecondTime(ElasticsearchNode node) {
        String prefix = node.freshIndex("cli-setup");
        String[] args = {"setup", "-D", "elasticsearch.hosts=" + node.httpUrl(), "-D", "elasticsearch.index-prefix=" + prefix};

        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();
        assertThat(run(first, args)).isEqualTo(0);
        assertThat(run(second, args)).isEqualTo(0);

        assertThat(first.toString()).contains("created    component template " + prefix + "-settings")
                .contains("created    index template     " + prefix + "-incidents")
                .contains("Done: 8 templates (no --kibana: saved objects not imported): 8 created, 0 updated, 0 unchanged.");
        assertThat(second.toString()).contains("unchanged  index template     " + prefix + "-slo")
                .contains("Done: 8 templates (no --kibana: saved objects not imported): 0 created, 0 updated, 8 unchanged.");
    }

    private static int run(StringWriter out, String... args) {
        CommandLine line = Itsm.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(new StringWriter()));
        return line.execute(args);
    }
}
