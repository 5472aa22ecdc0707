#!/usr/bin/env bash
# Checks that the build is reproducible: builds the checked-out commit a second time, offline, from a fresh clone
# in another directory, and compares every jar with those the first build left in driver/ and target/. Two builds
# of one commit must be byte-identical (project.build.outputTimestamp fixes the entry times; the extension wheels
# are pinned by src/build/extensions.lock). Run it after `mvn package` (or verify) on a clean checkout, with the
# same profiles as that build: `bash src/build/check-reproducible.sh -Pall-platforms` after an all-platforms build.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "check-reproducible: the checkout has uncommitted changes; commit them and build again first" >&2
  exit 2
fi
shopt -s nullglob
jars=(driver/ducklake-jdbc-*.jar target/ducklake-jdbc-*.jar)
if [ ${#jars[@]} -eq 0 ]; then
  echo "check-reproducible: no jars in driver/ or target/; run mvn package first" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/again"
(cd "$work/again" && mvn -B -ntp -o -q package -DskipTests "$@" >"$work/build.log" 2>&1) || {
  cat "$work/build.log" >&2
  echo "check-reproducible: the second build failed" >&2
  exit 1
}

status=0
again=("$work"/again/driver/ducklake-jdbc-*.jar "$work"/again/target/ducklake-jdbc-*.jar)
if [ ${#again[@]} -ne ${#jars[@]} ]; then
  echo "DIFFERENT  the first build made ${#jars[@]} jars, the second ${#again[@]}"
  status=1
fi
for jar in "${jars[@]}"; do
  if cmp -s "$jar" "$work/again/$jar"; then
    echo "identical  $(sha256sum "$jar" | cut -c1-16)  $jar"
  else
    echo "DIFFERENT  $jar"
    # Which entries differ (name, size, CRC, time), to say where the build is not reproducible.
    diff <(unzip -v "$jar" | awk 'NR>3 {print $8, $1, $7, $5, $6}' | sort) \
         <(unzip -v "$work/again/$jar" | awk 'NR>3 {print $8, $1, $7, $5, $6}' | sort) | head -20 || true
    status=1
  fi
done
exit $status
