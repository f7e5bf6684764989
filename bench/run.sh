#!/usr/bin/env bash
# Synthesis speed and memory, as one table:
#   bench/run.sh [BUILD_DIR]        (default: build; build it first, Release)
#
# Rows: the bare cost of starting a process (/bin/true); `infra synth dev`
# end to end (into an output folder that already holds a synth, as a user
# re-running it has); then for generated stacks of N resources (each
# referring to the one before and to a shared VPC, see generated_stack.hpp)
# `synth` and `validate` as processes, and the fwrite floor: one process
# writing the same number of bytes with a plain fwrite. Every number is the
# median of RUNS runs after a warm-up run; peak RSS is the largest of any run
# (each run is a fresh process, so it is that N's own). Nothing here asserts:
# the goal columns say whether this machine, in this run, met each goal.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
build="$(cd "$build" && pwd)"
# The seed app's own program: what `infra synth dev` runs after its (no-op) build.
infra="$build/crud_api"
scale="$build/bench/infra_scale"
timer="$build/bench/process_timer"
floor="$build/bench/fwrite_floor"
for b in "$infra" "$scale" "$timer" "$floor"; do
  [[ -x "$b" ]] || { echo "missing $b: build first (cmake --build $build)" >&2; exit 2; }
done
sizes="${INFRA_BENCH_SIZES:-1000 10000 40000 100000 1000000}"

work="$(mktemp -d "${TMPDIR:-/tmp}/infra-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

# `infra validate` may not exist in every build; measure what exists.
has_validate=0
"$scale" validate --help >/dev/null 2>&1 && has_validate=1

runs_for() {
  case "$1" in
    1000) echo 21 ;; 10000) echo 11 ;; 40000) echo 7 ;; 100000) echo 5 ;; *) echo 3 ;;
  esac
}

rows="$work/rows"
: >"$rows"
# row WHAT N RUNS BYTES -- CMD...: times CMD and appends one raw row.
row() {
  local what="$1" n="$2" runs="$3" bytes="$4"
  shift 5
  local result
  result="$("$timer" "$runs" -- "$@")"
  echo "$what $n $runs $bytes $result" >>"$rows"
}

row "/bin/true" - 21 - -- /bin/true
row "infra-version" - 21 - -- "$infra" version
"$infra" -q synth dev --out "$work/dev" >/dev/null
dev_bytes=$(stat -c %s "$work/dev/stacks/dev/main.tf.json")
row "infra-synth-dev" - 21 "$dev_bytes" -- "$infra" -q synth dev --out "$work/dev"

for n in $sizes; do
  runs=$(runs_for "$n")
  out="$work/gen$n"
  "$scale" -q synth gen --set "resources=$n" --out "$out" >/dev/null
  bytes=$(stat -c %s "$out/stacks/gen/main.tf.json")
  row "synth" "$n" "$runs" "$bytes" -- "$scale" -q synth gen --set "resources=$n" --out "$out"
  if [[ $has_validate == 1 ]]; then
    row "validate" "$n" "$runs" - -- "$scale" -q validate gen --set "resources=$n"
  fi
  row "fwrite-floor" "$n" "$runs" "$bytes" -- "$floor" "$bytes" "$work/floor$n"
  rm -rf "$out" "$work/floor$n"
done

# The table. Goals: synth dev <= 3x /bin/true and `version` <= 1.5x;
# 40,000 synthesized and validated <= 0.1 s and <= 50 MiB; 100,000 < 0.5 s
# and <= 150 MiB; 1,000,000 < 5 s and < 1 GiB, its time per resource within
# 1.5x of 1,000; synth within 5x of the floor.
awk -v has_validate="$has_validate" '
function mib(kib) { return sprintf("%.1f MiB", kib / 1024) }
function size(b) { return b == "-" ? "-" : b >= 1048576 ? sprintf("%.1f MiB", b / 1048576) : sprintf("%.1f KiB", b / 1024) }
function ok(c) { return c ? "yes" : "NO" }
{
  what[NR] = $1; n[NR] = $2; runs[NR] = $3; bytes[NR] = $4; med[NR] = $5; lo[NR] = $6; rss[NR] = $8
  if ($1 == "/bin/true") truemed = $5
  if ($1 == "fwrite-floor") floor[$2] = $5
  if ($1 == "synth" && $2 == 1000) per1k = $5 / $2
}
END {
  fmt = "| %-25s | %9s | %4s | %10s | %10s | %13s | %10s | %10s | %9s | %-34s | %-7s |\n"
  printf fmt, "what", "N", "runs", "median", "min", "per resource", "peak RSS", "output", "x floor", "goal", "met"
  printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "---------------------------", "----------:", "-----:", "-----------:", "-----------:", "--------------:", "-----------:", "-----------:", "----------:", "------------------------------------", "---------"
  for (i = 1; i <= NR; i++) {
    per = "-"; xf = "-"; goal = "-"; met = "-"
    label = what[i]
    if (what[i] == "infra-synth-dev") {
      label = "infra synth dev"
      goal = sprintf("<= 3x /bin/true (%.2f ms): %.1fx", 3 * truemed, med[i] / truemed)
      met = ok(med[i] <= 3 * truemed)
    }
    if (what[i] == "infra-version") {
      label = "infra version"
      goal = sprintf("<= 1.5x /bin/true (%.2f ms): %.1fx", 1.5 * truemed, med[i] / truemed)
      met = ok(med[i] <= 1.5 * truemed)
    }
    if (what[i] == "synth" || what[i] == "validate") {
      label = what[i] == "synth" ? "synth (generated)" : "validate (generated)"
      per = sprintf("%.2f us", med[i] * 1000 / n[i])
      if (what[i] == "synth" && (n[i] in floor)) xf = sprintf("%.1fx", med[i] / floor[n[i]])
      if (n[i] == 40000) { goal = "<= 100 ms, <= 50 MiB"; met = ok(med[i] <= 100 && rss[i] <= 50 * 1024) }
      if (n[i] == 100000) { goal = "< 500 ms, <= 150 MiB"; met = ok(med[i] < 500 && rss[i] <= 150 * 1024) }
      if (n[i] == 1000000) {
        goal = sprintf("< 5 s, < 1 GiB, <= 1.5x per res. at 1k")
        met = ok(med[i] < 5000 && rss[i] < 1024 * 1024 && (per1k == "" || med[i] / n[i] <= 1.5 * per1k))
      }
      # The floor goal is an older one of its own: said apart, so that a
      # size goal met shows as met.
      if (what[i] == "synth" && xf != "-" && goal == "-") { goal = "<= 5x floor"; met = ok(med[i] <= 5 * floor[n[i]]) }
      else if (what[i] == "synth" && xf != "-") { goal = goal "; 5x floor"; met = met "; " ok(med[i] <= 5 * floor[n[i]]) }
    }
    if (what[i] == "fwrite-floor") label = "fwrite floor (same bytes)"
    printf fmt, label, n[i], runs[i], sprintf("%.2f ms", med[i]), sprintf("%.2f ms", lo[i]), per, mib(rss[i]), size(bytes[i]), xf, goal, met
  }
  if (has_validate != 1) print "\nnote: this build has no `infra validate`; validation rows are missing."
}' "$rows"
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(date -u '+%Y-%m-%d %H:%M UTC')"
