#!/bin/sh
# One-shot setup of the cluster profile (docker-compose.yml, service esdb-setup): creates the
# ledger's own least-privilege user and lets it read $all (docs/operations.md, Credentials).
# Idempotent: an existing user is left as it is (409), the ACL is simply written again.
set -eu
node="https://esdb-node1:2113"
admin="admin:${EVENTSTORE_ADMIN_PASSWORD}"
curl_() { curl --silent --show-error --cacert /certs/ca/ca.crt --user "$admin" "$@"; }

until curl_ --fail "$node/health/live" >/dev/null; do sleep 2; done

# The user: an ordinary user (no group), so it can write ordinary streams but no system stream.
status=$(curl_ -o /dev/null -w '%{http_code}' -X POST "$node/users/" -H 'Content-Type: application/json' \
  -d "{\"loginName\":\"ledger\",\"fullName\":\"Plan Ledger\",\"groups\":[],\"password\":\"${LEDGER_ESDB_PASSWORD}\"}")
case "$status" in 201|409) ;; *) echo "creating the ledger user failed: HTTP $status" >&2; exit 1 ;; esac

# Reading $all (readAll, the head, subscriptions) needs read access to $all, which by default only
# $admins and $ops have: add the ledger user to $all's read ACL, nothing else.
curl_ --fail -X POST "$node/streams/%24%24%24all" -H 'Content-Type: application/vnd.eventstore.events+json' \
  -d "[{\"eventId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"eventType\":\"\$metadata\",\"data\":{\"\$acl\":{\"\$r\":[\"\$admins\",\"\$ops\",\"ledger\"]}}}]"
echo "ledger user ready"
