package dev.itsm.jobs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobEnvironmentsTest {

    /** A type Flink can only serialise with Kryo: its field is an interface. */
    public static final class Opaque {
        public CharSequence text;
    }

    @Test
    void shouldRefuseTypesThatWouldFallBackToKryo() {
        StreamExecutionEnvironment env = JobEnvironments.create(new Configuration());

        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        assertThatThrownBy(() -> TypeInformation.of(Opaque.class).createSerializer(env.getConfig().getSerializerConfig()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Generic types have been disabled");
    }

    @Test
    void shouldCheckpointAtTheConfiguredInterval() {
        Configuration conf = new Configuration();
        conf.set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(3));

        StreamExecutionEnvironment env = JobEnvironments.create(conf);

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(3000);
    }
}
