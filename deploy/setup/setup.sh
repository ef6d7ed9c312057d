#!/usr/bin/env bash
# The one-shot setup service of docker-compose.yml (runs in the itsm image):
#  1. sets the password of Kibana's built-in user kibana_system to KIBANA_PASSWORD, so Kibana can connect;
#  2. installs the Elasticsearch index templates (`itsm setup`), before any job writes;
#  3. waits for Kibana, then imports the data views, visualizations and dashboards (`itsm setup --kibana`).
# Idempotent: a second run changes nothing. Topics are not created here: each job creates the ones it needs.
set -euo pipefail
: "${ELASTIC_PASSWORD:?ELASTIC_PASSWORD is not set}"
: "${KIBANA_PASSWORD:?KIBANA_PASSWORD is not set}"
es="${ES_URL:-http://elasticsearch:9200}"
kibana="${KIBANA_URL:-http://kibana:5601}"

echo "setup: kibana_system password"
status=$(curl -sS -o /tmp/answer -w '%{http_code}' -u "elastic:${ELASTIC_PASSWORD}" -H 'Content-Type: application/json' \
  -X POST "${es}/_security/user/kibana_system/_password" -d "{\"password\":\"${KIBANA_PASSWORD}\"}")
if [ "${status}" != 200 ]; then
  echo "setup: Elasticsearch at ${es} answered ${status} to setting the kibana_system password: $(cat /tmp/answer)" >&2
  exit 1
fi

conf=$(mktemp)
chmod 600 "${conf}"
printf 'elasticsearch.hosts: %s\nelasticsearch.username: elastic\nelasticsearch.password: %s\n' "${es}" "${ELASTIC_PASSWORD}" > "${conf}"

echo "setup: index templates"
itsm setup --config "${conf}"

echo "setup: waiting for Kibana at ${kibana}"
for _ in $(seq 1 60); do
  if curl -fsS -u "elastic:${ELASTIC_PASSWORD}" "${kibana}/api/status" 2>/dev/null | grep -q '"level":"available"'; then
    break
  fi
  sleep 5
done

echo "setup: Kibana saved objects"
itsm setup --config "${conf}" --kibana "${kibana}" --kibana-user elastic --kibana-password-env ELASTIC_PASSWORD
rm -f "${conf}"
