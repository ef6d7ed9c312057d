/**
 * Rule packs: the YAML files that SRE teams edit, read in two layers as Alertmanager reads its configuration.
 *
 * <ol>
 *   <li>Each file is read into a plain spec record ({@code PackSpec}, {@code PrioritySpec}, ...) and validated;
 *       every problem is collected as {@code FILE:LINE: PATH: WHAT}.</li>
 *   <li>A pack without problems is compiled into a {@link dev.itsm.rules.RulePack}: immutable, serialisable, and
 *       what the incident and problem jobs ask. A pack with problems fails as a whole with a
 *       {@link dev.itsm.rules.RuleValidationException} that lists them all.</li>
 * </ol>
 *
 * <p>Start at {@link dev.itsm.rules.RulePackLoader}. The default pack is the module's {@code pack/} folder, shipped
 * in the jar under {@value dev.itsm.rules.RulePackLoader#DEFAULT_RESOURCE_DIRECTORY}.
 */
package dev.itsm.rules;
