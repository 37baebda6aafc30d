#!/usr/bin/env bash
# jobmatch's nightly push and the scikit-learn TF-IDF baseline, in one command, on the same data.
#
#   benches/baselines/compare.sh DATA_DIR [DATE]
#
# DATA_DIR holds postings.jsonl, seekers.jsonl and (for nDCG) qrels-postings.txt, e.g.
# datasets/jilin-sample or a `jobmatch datasets generate` output. DATE defaults to 2026-11-27
# (the generator's reference date). Run from the repository root. Environment:
#   PYTHON     the interpreter with benches/baselines/requirements.txt installed
#              (default target/bench-venv/bin/python; see requirements.txt)
#   OUT        working and output directory (default target/compare/<basename of DATA_DIR>)
#   LIMIT      only the first LIMIT seekers of seekers.jsonl, for both (default: all)
#   RANKING    1 to also write the engine's ranking before capacity allocation with
#              `jobmatch eval --run-out` (untimed; default 1 when there are at most 20,000 seekers)
#
# Both sides are timed end to end as one process each (`/usr/bin/time`): reading the JSON Lines,
# indexing (jobmatch) or vectorising (baseline), ranking the top 20 live postings for every
# seeker, writing the output. jobmatch runs `jobmatch push -k 20` in a fresh work directory, so
# the index is built inside the timed run, and the push also allocates capacity and explains every
# push. The baseline writes a TREC run file; the push's pushes.jsonl is converted to one after
# timing. nDCG@10 of both comes from examples/trec_ndcg.rs (the jobmatch-eval crate).
set -euo pipefail

DATA=${1:?usage: compare.sh DATA_DIR [DATE]}
DATE=${2:-2026-11-27}
K=20
PYTHON=${PYTHON:-target/bench-venv/bin/python}
OUT=${OUT:-target/compare/$(basename "$DATA")}
HERE=$(cd "$(dirname "$0")" && pwd)

for f in postings.jsonl seekers.jsonl; do
    [[ -f $DATA/$f ]] || { echo "compare.sh: $DATA/$f not found" >&2; exit 2; }
done
"$PYTHON" -c 'import sklearn' 2>/dev/null || {
    echo "compare.sh: $PYTHON has no scikit-learn; see benches/baselines/requirements.txt" >&2
    exit 2
}

cargo build --release --quiet -p jobmatch-cli
cargo build --release --quiet -p jobmatch-workspace --example trec_ndcg
rm -rf "$OUT"
mkdir -p "$OUT"

SEEKERS=$DATA/seekers.jsonl
if [[ -n ${LIMIT:-} ]]; then
    mkdir -p "$OUT/data"
    head -n "$LIMIT" "$DATA/seekers.jsonl" >"$OUT/data/seekers.jsonl"
    ln -s "$(cd "$DATA" && pwd)/postings.jsonl" "$OUT/data/postings.jsonl"
    SEEKERS=$OUT/data/seekers.jsonl
    if [[ -f $DATA/qrels-postings.txt ]]; then
        # Judgments of the kept seekers only (the others were not ranked by either side).
        "$PYTHON" -c 'import json, sys
keep = {json.loads(l).get("id") for l in open(sys.argv[1], encoding="utf-8") if l.strip()}
sys.stdout.writelines(l for l in open(sys.argv[2], encoding="utf-8") if l.split()[:1] and l.split()[0] in keep)' \
            "$SEEKERS" "$DATA/qrels-postings.txt" >"$OUT/data/qrels-postings.txt"
    fi
fi
DATASET=$(dirname "$SEEKERS")
N_SEEKERS=$(wc -l <"$SEEKERS")
N_POSTINGS=$(wc -l <"$DATASET/postings.jsonl")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $N_POSTINGS postings x $N_SEEKERS seekers ($DATA), date $DATE, top $K"

# --- jobmatch: the full push, index built inside the timed run ----------------------------
/usr/bin/time -f '%e %M' -o "$OUT/jobmatch.time" \
    target/release/jobmatch -q push --dataset "$DATASET" --work "$OUT/work" --out "$OUT/push" \
    --date "$DATE" -k "$K" >/dev/null
read -r JM_SECS JM_KB <"$OUT/jobmatch.time"

# --- the scikit-learn baseline ------------------------------------------------------------
/usr/bin/time -f '%e %M' -o "$OUT/baseline.time" \
    "$PYTHON" "$HERE/tfidf_push.py" --postings "$DATASET/postings.jsonl" --seekers "$SEEKERS" \
    --date "$DATE" --k "$K" --run-out "$OUT/baseline.run" >"$OUT/baseline.json"
read -r BL_SECS BL_KB <"$OUT/baseline.time"

echo "load during the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %12s\n' "side" "wall s" "peak RSS MiB"
printf '%-34s %10.1f %12.0f\n' "jobmatch push (index + push)" "$JM_SECS" "$((JM_KB / 1024))"
printf '%-34s %10.1f %12.0f\n' "scikit-learn TF-IDF baseline" "$BL_SECS" "$((BL_KB / 1024))"
awk -v a="$BL_SECS" -v b="$JM_SECS" 'BEGIN { printf "wall-time ratio baseline / jobmatch: %.2f\n", a / b }'
echo "baseline phases: $(cat "$OUT/baseline.json")"
if [[ -f $OUT/push/summary.json ]]; then
    echo "jobmatch push timing: $("$PYTHON" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])).get("timing")))' "$OUT/push/summary.json")"
fi

# --- quality ----------------------------------------------------------------------------
"$PYTHON" - "$OUT/push/pushes.jsonl" >"$OUT/jobmatch-push.run" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        for p in r["pushes"]:
            print(f'{r["seeker"]} Q0 {p["posting"]} {p["rank"]} {p["score"]:.6f} jobmatch-push')
EOF
RUNS=("$OUT/jobmatch-push.run" "$OUT/baseline.run")
if [[ ${RANKING:-$((N_SEEKERS <= 20000))} == 1 ]]; then
    target/release/jobmatch -q eval --index "$OUT/work/index" --direction postings --k "$K" \
        --date "$DATE" --run-out "$OUT/jobmatch-ranking.run" >/dev/null
    RUNS+=("$OUT/jobmatch-ranking.run")
fi
if [[ -f $DATASET/qrels-postings.txt ]]; then
    target/release/examples/trec_ndcg "$DATASET/qrels-postings.txt" "${RUNS[@]}"
elif [[ -f $DATA/qrels-postings.txt ]]; then
    target/release/examples/trec_ndcg "$DATA/qrels-postings.txt" "${RUNS[@]}"
else
    echo "no $DATA/qrels-postings.txt: nDCG not computed"
fi
