#!/usr/bin/env bash
# Packs Pulse.Streams and Pulse.Streams.Testing (Release) into artifacts/packages, checks what the packages say,
# then restores, builds and tests samples/ against exactly those packages, as an application outside this
# repository would use them (samples/NuGet.config: Pulse.* from artifacts/packages only). One line per step;
# a failing step prints its output and stops the script. CI's .ci/run runs it before the tests.
set -eu
set -o pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=artifacts/packages
test_project=samples/HeartRateStats.Tests
started=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { printf 'pack-check: [%3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
fail() { printf 'pack-check: FAILED: %s\n' "$*" >&2; exit 1; }
# Runs a command quietly; on failure shows its output and stops.
run() { "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$*"; }; }

command -v unzip >/dev/null || fail "unzip is needed to read the packages (apt-get install unzip)"

# 1. Pack: the solution, so that a project that should not be a package and is shows up here.
rm -rf "$out"
run dotnet pack Streams.sln -c Release -o "$out"
nupkg=$(cd "$out" && ls Pulse.Streams.[0-9]*.nupkg 2>/dev/null) || fail "no Pulse.Streams package in $out"
version=${nupkg#Pulse.Streams.}
version=${version%.nupkg}
step "packed Pulse.Streams $version and Pulse.Streams.Testing into $out"

# 2. What the packages hold: only ours, each with its metadata, readme and symbols; Testing pins Streams.
expected="Pulse.Streams.$version.nupkg Pulse.Streams.$version.snupkg Pulse.Streams.Testing.$version.nupkg Pulse.Streams.Testing.$version.snupkg"
actual=$(cd "$out" && ls | sort | tr '\n' ' ' | sed 's/ $//')
[ "$actual" = "$expected" ] || fail "$out holds '$actual', expected '$expected'"
for id in Pulse.Streams Pulse.Streams.Testing; do
  pkg="$out/$id.$version.nupkg"
  nuspec=$(unzip -p "$pkg" "$id.nuspec")
  for want in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<authors>Pulse contributors</authors>' \
      '<repository type="git" url="' '<description>' "<id>$id</id>" "<version>$version</version>"; do
    case $nuspec in *"$want"*) ;; *) fail "$id.nuspec lacks $want" ;; esac
  done
  files=$(unzip -Z1 "$pkg")
  for want in README.md "lib/net10.0/$id.dll" "lib/net10.0/$id.xml"; do
    printf '%s\n' "$files" | grep -qxF "$want" || fail "$id has no $want"
  done
  unzip -Z1 "$out/$id.$version.snupkg" | grep -xF "lib/net10.0/$id.pdb" >/dev/null || fail "$id's symbols package has no pdb"
  case $id in
    Pulse.Streams) want='<dependency id="Confluent.Kafka"' ;;
    Pulse.Streams.Testing) want="<dependency id=\"Pulse.Streams\" version=\"[$version]\"" ;;
  esac
  case $nuspec in *"$want"*) ;; *) fail "$id.nuspec lacks $want" ;; esac
done
step "checked the nuspecs: licence, readme, repository, symbols; Pulse.Streams.Testing needs Pulse.Streams [$version]"

# 3. Restore the sample from the packages just made, not from an older copy of the same version in
#    NuGet's global packages folder: remove that copy first, then check the restored one is ours.
global=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
[ -n "$global" ] || fail "could not find NuGet's global packages folder"
for id in pulse.streams pulse.streams.testing; do rm -rf "${global%/}/$id/$version"; done
run dotnet restore "$test_project" --force -p:PulseVersion="$version"
for id in Pulse.Streams Pulse.Streams.Testing; do
  lower=$(printf '%s' "$id" | tr '[:upper:]' '[:lower:]')
  cmp -s "$out/$id.$version.nupkg" "${global%/}/$lower/$version/$lower.$version.nupkg" \
    || fail "the restored $id $version is not the one in $out"
done
step "restored $test_project with Pulse.Streams $version from $out"

# 4. Build (warnings are errors in samples/ too) and 5. test.
run dotnet build "$test_project" -c Release --no-restore -p:PulseVersion="$version"
step "built samples/HeartRateStats and its tests against the packages"
run dotnet test "$test_project" -c Release --no-build -p:PulseVersion="$version"
# dotnet test's line: "Passed!  - Failed:     0, Passed:     2, Skipped:     0, Total:     2, ..."
counts=$(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\), Total: *\([0-9]*\).*/\1 \2 \3 \4/p' "$log" | tail -n 1)
read -r failed passed skipped total <<<"${counts:-0 0 0 0}"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ] || { cat "$log" >&2; fail "the sample's tests: $total run, $failed failed"; }
step "tested the sample against the packages: $passed of $total tests passed ($skipped skipped)"

step "passed"
