#!/bin/sh
set -eu
if [ -n "${DB_PASSWORD:-}" ]; then ⟦FP fallback-default⟧
  export PGPASSWORD="$DB_PASSWORD" ⟦FP hardcoded-secret⟧
fi
[ -z "${API_TOKEN:-}" ] && { echo "API_TOKEN is required" >&2; exit 1; } ⟦FP fallback-default⟧
: "${SESSION_SECRET:?SESSION_SECRET is required}"
exec app
