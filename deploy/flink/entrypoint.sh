#!/usr/bin/env bash
# Wraps the Flink image's /docker-entrypoint.sh (docker-compose.yml runs every Flink container through it):
#  - makes the shared state volume writable for the flink user: a fresh named volume belongs to root;
#  - appends ITSM_FLINK_PROPERTIES (per service: parallelism, checkpoint directory) to FLINK_PROPERTIES (shared);
#  - writes the job's settings (ITSM_JOB_PROPERTIES, plus elasticsearch.password from ELASTIC_PASSWORD) to a file
#    readable by the flink user only, for `--config`: program arguments show in Flink's web UI, a file does not;
#  - `standalone-job` with ITSM_RESUME_FROM (the job's checkpoint and savepoint directory): resumes from the newest
#    completed checkpoint or savepoint there (the ones with a _metadata file). Without Flink HA a restarted JobManager
#    would otherwise start the job with empty state (open incidents, SLA clocks, dedup state; Kafka offsets alone
#    cannot restore them). A stop with savepoint discards the retained checkpoints, hence the savepoints too.
set -euo pipefail

mkdir -p /flink-data /opt/flink/itsm
chown flink:flink /flink-data /opt/flink/itsm

if [ -n "${ITSM_FLINK_PROPERTIES:-}" ]; then
  export FLINK_PROPERTIES="${FLINK_PROPERTIES:-}"$'\n'"${ITSM_FLINK_PROPERTIES}"
fi

if [ -n "${ITSM_JOB_PROPERTIES:-}" ]; then
  umask 077
  {
    printf '%s\n' "${ITSM_JOB_PROPERTIES}"
    if [ -n "${ELASTIC_PASSWORD:-}" ]; then
      printf 'elasticsearch.password: %s\n' "${ELASTIC_PASSWORD}"
    fi
  } > /opt/flink/itsm/itsm.properties
  chown flink:flink /opt/flink/itsm/itsm.properties
fi
unset ELASTIC_PASSWORD

if [ "${1:-}" = standalone-job ] && [ -n "${ITSM_RESUME_FROM:-}" ] && [ -d "${ITSM_RESUME_FROM}" ]; then
  latest=$(find "${ITSM_RESUME_FROM}" -name _metadata -printf '%T@ %h\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
  if [ -n "${latest}" ]; then
    echo "itsm: resuming from ${latest}"
    shift
    set -- standalone-job --fromSavepoint "${latest}" "$@"
  fi
fi

exec /docker-entrypoint.sh "$@"
