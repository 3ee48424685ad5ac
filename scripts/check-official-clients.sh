#!/usr/bin/env bash
# Runs the official HubSpot, Salesforce, Pipedrive and Zoho Python clients against a fresh sandbox.
# Installs hubspot-api-client, simple-salesforce, pipedrive-python-lib and zohocrmsdk8-0 into .build/venv
# (skips with a message if pip cannot).
# Uses $SWITCHBOARD_BIN if set, else builds the switchboard binary (debug).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build/venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import hubspot, simple_salesforce, pipedrive, zohocrmsdk" 2>/dev/null; then
  if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q hubspot-api-client simple-salesforce pipedrive-python-lib zohocrmsdk8-0; } >/tmp/switchboard-pip.log 2>&1; then
    echo "SKIP official clients check: could not install the clients with pip (see /tmp/switchboard-pip.log)"
    exit 0
  fi
fi

BIN="${SWITCHBOARD_BIN:-}"
if [ -z "$BIN" ]; then
  swift build --product switchboard >/dev/null
  BIN=".build/debug/switchboard"
fi

LOG=$(mktemp)
"$BIN" sandbox serve --port 0 --auto-approve --seed demo --rate-limit hubspot=off >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -f "$LOG"' EXIT

URL=""
for _ in $(seq 1 100); do
  URL=$(sed -n 's/^Switchboard sandbox listening on \(http:[^ ]*\).*/\1/p' "$LOG" | head -1)
  [ -n "$URL" ] && break
  if ! kill -0 "$PID" 2>/dev/null; then echo "the sandbox exited:"; cat "$LOG"; exit 1; fi
  sleep 0.1
done
[ -n "$URL" ] || { echo "the sandbox did not print its URL:"; cat "$LOG"; exit 1; }
echo "sandbox at $URL"
"$VENV/bin/python" scripts/official_clients_check.py "$URL"
