package dev.itsm.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code itsm setup} with a wrong address or wrong options: a clear message and a non-zero exit code. */
class SetupCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = Itsm.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(out));
        return line.execute(args);
    }

    @Test
    void shouldSayThatElasticsearchCannotBeReachedAndExitWithOne() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        assertThat(run("setup", "-D", "elasticsearch.hosts=" + url)).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("itsm setup: cannot reach Elasticsearch at " + url + ": connection refused" + System.lineSeparator());
    }

    @Test
    void shouldRejectAKibanaAddressThatIsNotAUrl() {
        assertThat(run("setup", "--kibana", "localhost:5601")).isEqualTo(2);
        assertThat(err.toString()).contains("the Kibana URL 'localhost:5601' must look like http://host:5601 or https://host:5601");
    }

    @Test
    void shouldNameAMissingPasswordVariable() {
        assertThat(run("setup", "--kibana", "http://localhost:5601", "--kibana-user", "elastic",
                "--kibana-password-env", "ITSM_TEST_SURELY_UNSET_VARIABLE")).isEqualTo(2);
        assertThat(err.toString()).contains("--kibana-password-env: the environment variable ITSM_TEST_SURELY_UNSET_VARIABLE is not set");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
