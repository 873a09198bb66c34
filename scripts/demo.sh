#!/bin/sh
# Runs `pulse demo` on a fresh Debian or Ubuntu machine with the .NET 10 SDK: installs PostgreSQL's
# server binaries when they are missing (the demo starts a private server from them; nothing is
# configured system-wide), Node.js (the dashboard's pages are bundled at build time) and Chromium (the
# tests drive the dashboard in it) when missing, builds pulse, then runs the whole pipeline in one process for 60 seconds.
# Arguments go to `pulse demo`, e.g. scripts/demo.sh --patients 200, or --duration 5m, or
# --csv samples/vitals-sample.csv (which ends by itself), or --keep (PostgreSQL stays up afterwards).
set -eu
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found: installing them (apt-get install -y postgresql)..."
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi

missing=""
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing="nodejs npm"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
if [ -n "$missing" ]; then
    echo "Installing $missing (Node.js bundles the dashboard's pages at build time; the test command drives the dashboard in Chromium)..."
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    # shellcheck disable=SC2086 # $missing is a list of package names
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

pulse=src/Host/bin/Release/net10.0/pulse
log=$(mktemp "${TMPDIR:-/tmp}/pulse-build.XXXXXX")
echo "Building pulse (the first build takes about a minute)..."
if ! dotnet build src/Host -c Release --nologo -v quiet >"$log" 2>&1; then
    tail -n 30 "$log"
    echo "The build failed; the whole output is in $log"
    exit 1
fi
rm -f "$log"
echo "Built: $pulse (run '$pulse --help' for its commands)"

# 60 seconds unless the arguments say how long (or replay a file, which ends by itself).
length="--duration 60s"
for arg in "$@"; do
    case "$arg" in --duration|--duration=*|--csv|--csv=*) length="" ;; esac
done
# shellcheck disable=SC2086 # $length is zero or two words
exec "$pulse" demo $length "$@"
