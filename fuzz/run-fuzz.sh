#!/bin/sh
# Runs one fuzz test in fuzzing mode (coverage-guided, Jazzer) for a given time, with the whole of sv2j
# instrumented, and writes a JaCoCo-based coverage report of what the run reached.
#
#   fuzz/run-fuzz.sh PlainDecoderFuzzTest#decode 10m
#   FUZZ_EXCLUDES='org.sv2j.noise.crypto.**' fuzz/run-fuzz.sh NoiseDecoderFuzzTest#decode 10m
#
# FUZZ_EXCLUDES leaves packages uninstrumented (':'-separated globs): the encrypted-decoder target runs a
# whole handshake per input, which is twenty times slower with the curve arithmetic instrumented.
#
# The generated corpus grows in fuzz/.cifuzz-corpus/ (not committed); a crashing input is written next
# to the committed seeds (src/test/resources/org/sv2j/fuzz/<Test>Inputs/<method>/) and fails the run:
# fix the bug, keep the input as a regression seed. Reports: fuzz/target/fuzz-reports/<Test>.<method>.*
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
test=${1:?usage: fuzz/run-fuzz.sh <Test>#<method> [duration, default 10m]}
duration=${2:-10m}
name=$(echo "$test" | tr '#' '.')
reports="$here/fuzz/target/fuzz-reports"
mkdir -p "$reports"
cd "$here"
JAZZER_FUZZ=1 ./mvnw -B -q test -pl fuzz -Dtest="$test" \
  -Djazzer.max_duration="$duration" \
  -Djazzer.instrumentation_includes='org.sv2j.**' \
  ${FUZZ_EXCLUDES:+-Djazzer.instrumentation_excludes="$FUZZ_EXCLUDES"} \
  -Djazzer.coverage_dump="$reports/$name.exec" \
  -Djazzer.coverage_report="$reports/$name.coverage.txt" \
  > "$reports/$name.log" 2>&1 || { echo "fuzz run $test failed; see $reports/$name.log" >&2; exit 1; }
grep -E '#[0-9]+[[:space:]]+DONE' "$reports/$name.log" | tail -n 1
