/**
 * A real local stack without Docker, for tests and the demo: a single-node KRaft {@link dev.itsm.devstack.KafkaBroker}
 * and an Elasticsearch 8.19 {@link dev.itsm.devstack.ElasticsearchNode}, each a child JVM started from the jars on the
 * class path, held together by {@link dev.itsm.devstack.LocalStack} and handed to JUnit 5 tests by
 * {@link dev.itsm.devstack.LocalStackExtension}.
 *
 * <p>Children log to files in their work directories (appended across restarts), exit by themselves when the parent
 * JVM dies (their standard input is a lifeline, see {@link dev.itsm.devstack.ParentWatch}), and are stopped by a
 * shutdown hook of the parent.
 *
 * <p>The Elasticsearch server is under Elastic's licences: this module belongs to tests and the demo and must never be
 * shaded into a jar the project ships.
 */
package dev.itsm.devstack;
