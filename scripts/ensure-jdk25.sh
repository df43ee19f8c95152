#!/usr/bin/env bash
# Prints the home of a JDK 25 (needed by Smile 6.x, class file 69): a Temurin/OpenJDK 25 already on the
# machine, else one installed from Debian's packages (openjdk-25-jdk-headless), else Maven Central's
# package of a JDK is not an option, so fail with a clear message.
set -euo pipefail
for d in "${JDK25_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*; do
  if [[ -n "$d" && -x "$d/bin/java" ]] && "$d/bin/java" -version 2>&1 | grep -q 'version "25'; then
    echo "$d"; exit 0
  fi
done
echo "[setup] no JDK 25 found; installing openjdk-25-jdk-headless from Debian's packages" >&2
if command -v apt-get >/dev/null; then
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 || true
  if $SUDO apt-get install -y -qq openjdk-25-jdk-headless >&2; then
    for d in /usr/lib/jvm/java-25-openjdk-*; do [[ -x "$d/bin/java" ]] && { echo "$d"; exit 0; }; done
  fi
fi
echo "[setup] ERROR: could not find or install a JDK 25 (set JDK25_HOME)" >&2
exit 1
