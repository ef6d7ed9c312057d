/**
 * The CMDB: export files ({@link dev.itsm.connectors.cmdb.CmdbFiles}), the compacted {@code itsm.cmdb} topic
 * ({@link dev.itsm.connectors.cmdb.CmdbCodec}, {@link dev.itsm.connectors.cmdb.CmdbSource},
 * {@link dev.itsm.connectors.cmdb.CmdbPublisher}) and the in-memory lookup the jobs enrich alerts with
 * ({@link dev.itsm.connectors.cmdb.CmdbIndex}).
 */
package dev.itsm.connectors.cmdb;
