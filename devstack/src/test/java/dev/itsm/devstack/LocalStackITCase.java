package dev.itsm.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class LocalStackITCase {
    private final LocalStack injectedIntoConstructor;

    LocalStackITCase(LocalStack stack) {
        this.injectedIntoConstructor = stack;
    }

    @Test
    void shouldHandTheOneSharedStackAndItsPartsToEveryTest(LocalStack stack, KafkaBroker kafka,
            ElasticsearchNode elasticsearch) {
        assertThat(stack).isSameAs(LocalStack.shared()).isSameAs(injectedIntoConstructor);
        assertThat(kafka).isSameAs(stack.kafka());
        assertThat(elasticsearch).isSameAs(stack.elasticsearch());
        assertThat(stack.connectionProperties()).containsExactly(
                entry("kafka.bootstrap.servers", kafka.bootstrapServers()),
                entry("elasticsearch.url", elasticsearch.httpUrl()));
    }

    @Test
    void shouldIgnoreCloseOnTheSharedStack(LocalStack stack) {
        stack.close();

        assertThat(stack.kafka().isRunning()).isTrue();
        assertThat(stack.elasticsearch().isRunning()).isTrue();
    }

    @Test
    void shouldStartAndStopAPrivateStackBesideTheSharedOne(LocalStack shared, @TempDir Path dir) {
        LocalStack own = LocalStack.start(dir);
        try {
            assertThat(own.kafka().port()).isNotEqualTo(shared.kafka().port());
            assertThat(own.elasticsearch().httpPort()).isNotEqualTo(shared.elasticsearch().httpPort());
            assertThat(new JsonHttp(own.elasticsearchUrl()).get("/").status()).isEqualTo(200);
        } finally {
            own.close();
        }

        assertThat(own.kafka().isRunning()).isFalse();
        assertThat(own.elasticsearch().isRunning()).isFalse();
        assertThat(own.kafka().logFile()).startsWith(dir);
    }
}
