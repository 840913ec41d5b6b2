#!/usr/bin/env bash
# Installs what dmkit's tests need on a Debian machine: Mosquitto (the real MQTT broker the
# tests start on free loopback ports). Java 17 and Maven must already be there.
# Idempotent: does nothing when everything is present.
set -euo pipefail

need_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "dmkit needs Java 17 or newer: apt-get install -y openjdk-17-jdk-headless" >&2
    exit 1
  fi
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${v%%.*}" -lt 17 ]; then
    echo "dmkit needs Java 17 or newer; found $v" >&2
    exit 1
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "dmkit needs Maven 3.8 or newer: apt-get install -y maven" >&2
    exit 1
  fi
}

install_mosquitto() {
  if [ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null 2>&1; then
    return
  fi
  echo "Installing Mosquitto (the broker the tests run against)..."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "Mosquitto is missing and this user cannot install packages: run as root, or" >&2
      echo "  apt-get install -y mosquitto mosquitto-clients" >&2
      exit 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mosquitto mosquitto-clients >/dev/null
  # The tests start their own brokers; a system broker is not needed.
  if command -v systemctl >/dev/null 2>&1; then
    $sudo systemctl disable --now mosquitto >/dev/null 2>&1 || true
  fi
}

need_java
install_mosquitto
echo "Test environment ready: $(java -version 2>&1 | head -1), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), mosquitto $( (mosquitto -h 2>/dev/null || /usr/sbin/mosquitto -h 2>/dev/null) | head -1 | awk '{print $3}')"
