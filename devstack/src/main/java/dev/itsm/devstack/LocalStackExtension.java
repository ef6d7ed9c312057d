package dev.itsm.devstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the JVM's {@link LocalStack#shared() shared stack}, or its {@link KafkaBroker} or {@link ElasticsearchNode},
 * to test constructors, {@code @BeforeAll}/{@code @BeforeEach} methods and test methods that declare a parameter of
 * one of those types. The stack starts on first use and stops when the JVM exits.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class IncidentSinkITCase {
 *     @Test
 *     void shouldIndexOneDocumentPerIncident(KafkaBroker kafka, ElasticsearchNode elasticsearch) {
 *         String topic = kafka.freshTopic("alerts");
 *         String index = elasticsearch.freshIndex("incidents");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Rules for tests sharing the stack:
 * <ul>
 *   <li>Use a topic from {@link KafkaBroker#freshTopic(String)} and an index name from
 *       {@link ElasticsearchNode#freshIndex(String)}; never a fixed name, never delete what another test made.</li>
 *   <li>A test that stops or kills the shared broker or node must {@code restart()} it before it finishes, also
 *       when it fails (in a {@code finally} block), or every later test in the JVM fails.</li>
 *   <li>Never {@code close()} the shared stack's broker or node; {@link LocalStack#close()} on the shared stack itself
 *       is ignored.</li>
 * </ul>
 */
public final class LocalStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == LocalStack.class || type == KafkaBroker.class || type == ElasticsearchNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        LocalStack stack = LocalStack.shared();
        Class<?> type = parameterContext.getParameter().getType();
        if (type == KafkaBroker.class) {
            return stack.kafka();
        }
        if (type == ElasticsearchNode.class) {
            return stack.elasticsearch();
        }
        return stack;
    }
}
