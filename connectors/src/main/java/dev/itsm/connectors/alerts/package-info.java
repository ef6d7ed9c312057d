/**
 * Alert-format adapters: raw webhook payloads (Prometheus Alertmanager, Grafana, Zabbix, and the project's generic
 * JSON) to canonical {@link dev.itsm.core.model.Alert}s, or to a {@link dev.itsm.core.model.DeadLetter} saying
 * precisely why not. Pure Java, no Flink types: the incident job calls {@link dev.itsm.connectors.alerts.AlertParser}
 * once per raw Kafka record. The formats and their mapping are documented in {@code connectors/ALERT-FORMATS.md}.
 */
package dev.itsm.connectors.alerts;
