#!/usr/bin/env bash
# The one command that runs every dmkit test from a fresh clone: prepares the machine
# (scripts/setup-test-env.sh), then builds every module and runs unit, in-container (Pax Exam in
# Apache Felix and in Eclipse Equinox), fault and fuzz tests against real Mosquitto brokers and the
# emulator. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-test-env.sh
exec mvn -B -ntp verify "$@"
