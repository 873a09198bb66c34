#!/usr/bin/env bash
# Runs test projects with a temp folder of their own (TMPDIR for the test host and every process it
# starts) and fails if they leave anything behind in it: every test cleans up what it makes there.
#   scripts/check-test-temp.sh                      # tests/Host.Tests
#   scripts/check-test-temp.sh tests/Streams.Tests tests/Vitals.Tests
# Builds nothing: run `dotnet build Streams.sln -c Release` first. Extra `dotnet test` arguments go
# after `--`, e.g. scripts/check-test-temp.sh tests/Host.Tests -- --filter FullyQualifiedName~Demo
set -uo pipefail
cd "$(dirname "$0")/.."

projects=()
while (($#)) && [ "$1" != "--" ]; do projects+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
((${#projects[@]})) || projects=(tests/Host.Tests)

status=0
for project in "${projects[@]}"; do
    temp=$(mktemp -d /tmp/pulse-tempcheck.XXXXXX)
    chmod 1777 "$temp" # like /tmp: the private PostgreSQL servers run as the postgres user
    echo "+ dotnet test $project -c Release --no-build -e TMPDIR=$temp $*"
    dotnet test "$project" -c Release --no-build -e "TMPDIR=$temp" "$@" || status=1

    # The tests' own files and folders are all named pulse-*. Not counted: what is not (the test
    # platform's host leaves a couple of empty, randomly named folders of its own), and an empty
    # pulse-ttd (Pulse.Streams.Testing's TopologyTestDriver keeps every driver's state folder under
    # that one fixed parent and deletes the driver's own on dispose).
    [ -d "$temp/pulse-ttd" ] && rmdir "$temp/pulse-ttd" 2>/dev/null && echo "$project: (empty pulse-ttd removed)"
    left=$(find "$temp" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort)
    ours=$(grep '^pulse' <<<"$left" || true)
    others=$(grep -v '^pulse' <<<"$left" || true)
    if [ -n "$others" ]; then
        echo "$project: also left in the temp folder, not named pulse-* (not counted):" $others
    fi
    if [ -n "$ours" ]; then
        echo "$project: LEFT BEHIND in the temp folder:" >&2
        (cd "$temp" && while read -r name; do find "$name" -maxdepth 2; done <<<"$ours" | head -n 50) >&2
        status=1
    else
        echo "$project: nothing of the tests' own left in the temp folder."
    fi
    rm -rf "$temp"
done
exit "$status"
