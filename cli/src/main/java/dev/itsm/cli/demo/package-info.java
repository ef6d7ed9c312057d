/**
 * The demo: a recorded alert stream ({@link dev.itsm.cli.demo.Scenario}, a JSONL file such as
 * {@code demo/scenario.jsonl}) and the {@link dev.itsm.cli.demo.ScenarioPlayer} that replays it to the raw alerts
 * topic, deterministically in event time.
 */
package dev.itsm.cli.demo;
