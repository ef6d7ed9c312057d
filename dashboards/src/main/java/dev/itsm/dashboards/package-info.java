/**
 * The Elasticsearch index templates and Kibana saved objects the dashboards need, shipped as resource files under
 * {@code itsm-dashboards/}, and {@link dev.itsm.dashboards.Setup}, which installs them.
 */
package dev.itsm.dashboards;
