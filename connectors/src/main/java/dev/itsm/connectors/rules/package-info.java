/**
 * Rule packs on the compacted {@code itsm.rules} topic: the record ({@link dev.itsm.connectors.rules.RulePackRecord})
 * and the publisher ({@link dev.itsm.connectors.rules.RulePackPublisher}) that validates a pack folder and writes it,
 * for the jobs to switch to without a restart.
 */
package dev.itsm.connectors.rules;
