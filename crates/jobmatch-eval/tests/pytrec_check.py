#!/usr/bin/env python3
"""Outside reference for jobmatch-eval: evaluate a TREC run against TREC qrels
with pytrec_eval (PyPI package `pytrec-eval-terrier`, a binding of trec_eval's
own C code) and print the results as JSON on stdout.

Usage:
    pytrec_check.py --check             exit 0 if pytrec_eval imports, 1 otherwise
    pytrec_check.py QRELS RUN           evaluate and print JSON

Output:
    {"per_query": {qid: {measure: value}}, "means": {measure: value},
     "num_queries": n, "pytrec_eval_version": "..."}

Files are read with pytrec_eval's own parse_qrel / parse_run. Queries are the
ones pytrec_eval evaluates by default (in both the run and the qrels); means are
taken over those with at least one document of grade >= 1, which is the
convention of jobmatch-eval (trec_eval would also average in the others as 0).
"""

import json
import sys

MEASURES = {"ndcg_cut.5,10,20", "P.10", "recall.10,20", "recip_rank", "map"}


def main(argv):
    try:
        import pytrec_eval
    except ImportError as exc:  # reported by the Rust test
        print(f"cannot import pytrec_eval: {exc}", file=sys.stderr)
        return 1
    if argv[1:] == ["--check"]:
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        qrels = pytrec_eval.parse_qrel(f)
    with open(argv[2], encoding="utf-8") as f:
        run = pytrec_eval.parse_run(f)
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, MEASURES)
    per_query = evaluator.evaluate(run)
    counted = [q for q in per_query if any(g >= 1 for g in qrels[q].values())]
    names = sorted({m for values in per_query.values() for m in values})
    means = {
        m: (sum(per_query[q][m] for q in counted) / len(counted) if counted else 0.0)
        for m in names
    }
    try:
        from importlib.metadata import version

        pte_version = version("pytrec-eval-terrier")
    except Exception:  # noqa: BLE001 - version is informational only
        pte_version = "unknown"
    json.dump(
        {
            "per_query": per_query,
            "means": means,
            "num_queries": len(counted),
            "pytrec_eval_version": pte_version,
        },
        sys.stdout,
        sort_keys=True,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
