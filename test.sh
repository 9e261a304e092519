#!/usr/bin/env bash
# Sets up (as ./faceactors does) and runs every test project. Ends with the totals line
# "N passed, N failed, N skipped" read from the test results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

# On top of what the product needs, the camera tests need a real RTSP server on loopback, the storage tests start
# private PostgreSQL servers, the dashboard tests a Prometheus (promtool comes with it), and the browser tests open
# the live view in headless Chromium, the MQTT tests a private mosquitto broker read by mosquitto_sub, and the peer
# specs run bench/peers' Python pipeline on Debian's OpenCV.
FACEACTORS_EXTRA_APT="rtsp-server-perl postgresql prometheus chromium mosquitto mosquitto-clients python3-opencv" ./faceactors setup || exit 1

# The TFJS converter's oracle: TensorFlow.js on its pure-JavaScript CPU backend, pinned by its package-lock.json.
npm ci --prefix tests/oracles/tfjs --no-audit --no-fund --loglevel=error || exit 1

# The browser specs drive Debian's Chromium with playwright-core (it downloads no browser), pinned by its package-lock.json.
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error || exit 1

# bench/peers' face-api pipeline: face-api and TensorFlow.js' WebAssembly backend (no native binary), pinned likewise.
npm ci --prefix bench/peers/face-api --no-audit --no-fund --loglevel=error || exit 1

results="$root/artifacts/test-results"
rm -rf "$results"
dotnet test FaceActors.sln -c Release --nologo --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

# Sum the counters of every TRX file; a run that produced none counts as a failure.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' |
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=\""); v = kv[2]; sub(/".*/, "", v);
         if (kv[1] == "passed") p += v; if (kv[1] == "failed") f += v; if (kv[1] == "notExecuted") s += v } }
       END { printf "%d %d %d\n", p, f, s }')
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then status=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
