#!/usr/bin/env python3
"""The nightly push as a team would otherwise write it: scikit-learn TF-IDF and cosine.

For every seeker, the top-k live postings by cosine similarity of TF-IDF vectors, computed in
chunks of seekers. Written as the baseline of issue 7 (benches/baselines/compare.sh runs it next
to jobmatch on the same data).

* Text. Posting: title, description and skill names. Seeker: summary, desired titles, past job
  titles and skill names. Tokenisation: character n-grams (1 and 2) within word boundaries
  (`analyzer="char_wb"`), which needs no Chinese word segmenter (no jieba) and also works on
  English; sublinear tf, l2-normalised rows, so a dot product is the cosine.
* Vocabulary and idf are fitted on the postings (the documents being ranked).
* Expiry (the push's rule, `PostingProfile::is_live_on`): a posting is pushed only if it has at
  least one opening (`openings`, default 1) and its `expires_at` is absent or not before the run
  date (the expiry day still counts; for a date-time, its date part). Region, commute, shift and
  capacity rules are not applied (the baseline a team would write first).
* Top k (default 20) per seeker, ties broken by posting id; seekers with no live posting of any
  similarity still get the top k (score 0 ties by id), as a cosine ranking would.

Output: a TREC run file (`seeker Q0 posting rank score tfidf`), one line per push; timings of
each phase on stderr, one JSON object on stdout.

    python3 tfidf_push.py --postings P.jsonl --seekers S.jsonl --date 2026-11-27 \
        --run-out run.txt [--k 20] [--chunk 1000] [--limit N]
"""

import argparse
import json
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def skill_names(skills):
    out = []
    for s in skills or []:
        if isinstance(s, str):
            out.append(s)
        elif isinstance(s, dict) and isinstance(s.get("name"), str):
            out.append(s["name"])
    return out


def posting_text(p):
    parts = [p.get("title") or "", p.get("description") or ""]
    parts += skill_names(p.get("skills"))
    return " ".join(x for x in parts if isinstance(x, str))


def seeker_text(s):
    desired = s.get("desired") or {}
    parts = [s.get("summary") or ""]
    parts += [t for t in desired.get("titles") or [] if isinstance(t, str)]
    parts += [e.get("title") for e in s.get("experience") or [] if isinstance(e, dict)]
    parts += skill_names(s.get("skills"))
    return " ".join(x for x in parts if isinstance(x, str))


def live(p, date):
    openings = p.get("openings", 1)
    if openings is None:
        openings = 1
    if openings < 1:
        return False
    expires = p.get("expires_at")
    return expires is None or str(expires)[:10] >= date


def read_jsonl(path, limit=None):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a bad line is skipped, as jobmatch's lenient loading does
            if limit is not None and len(out) >= limit:
                break
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postings", required=True)
    ap.add_argument("--seekers", required=True)
    ap.add_argument("--date", required=True, help="run date YYYY-MM-DD")
    ap.add_argument("--run-out", required=True)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--chunk", type=int, default=1000, help="seekers per similarity chunk")
    ap.add_argument("--limit", type=int, default=None, help="only the first N seekers")
    args = ap.parse_args()

    t0 = time.perf_counter()
    postings = [p for p in read_jsonl(args.postings) if isinstance(p.get("id"), str)]
    seekers = [s for s in read_jsonl(args.seekers, args.limit) if isinstance(s.get("id"), str)]
    postings.sort(key=lambda p: p["id"])
    seekers.sort(key=lambda s: s["id"])
    t_load = time.perf_counter()

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
    )
    docs = vectorizer.fit_transform([posting_text(p) for p in postings])
    keep = np.array([live(p, args.date) for p in postings], dtype=bool)
    live_ids = [p["id"] for p, k in zip(postings, keep) if k]
    docs_t = docs[keep].T.tocsr()
    queries = vectorizer.transform([seeker_text(s) for s in seekers])
    t_vec = time.perf_counter()

    k = min(args.k, len(live_ids))
    pushes = 0
    with open(args.run_out, "w", encoding="utf-8") as out:
        for start in range(0, len(seekers), args.chunk):
            block = queries[start : start + args.chunk]
            sims = (block @ docs_t).toarray()
            if k == 0:
                continue
            # Top k by score, ties by posting id (columns are in id order):
            # argpartition on the score, then a stable sort of the k picked.
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < sims.shape[1] else (
                np.tile(np.arange(sims.shape[1]), (sims.shape[0], 1))
            )
            lines = []
            for row in range(sims.shape[0]):
                cols = top[row]
                scores = sims[row, cols]
                kth = scores.min()
                # Columns tied with the k-th score beyond those picked: take the lowest ids.
                tied = np.flatnonzero(sims[row] == kth)
                cols = np.union1d(cols[scores > kth], tied)
                order = np.lexsort((cols, -sims[row, cols]))[:k]
                qid = seekers[start + row]["id"]
                for rank, c in enumerate(cols[order], start=1):
                    lines.append(f"{qid} Q0 {live_ids[c]} {rank} {sims[row, c]:.6f} tfidf\n")
                pushes += len(order)
            out.writelines(lines)
    t_end = time.perf_counter()

    timing = {
        "postings": len(postings),
        "live_postings": len(live_ids),
        "seekers": len(seekers),
        "k": k,
        "pushes": pushes,
        "vocabulary": len(vectorizer.vocabulary_),
        "load_s": round(t_load - t0, 3),
        "vectorise_s": round(t_vec - t_load, 3),
        "rank_s": round(t_end - t_vec, 3),
        "total_s": round(t_end - t0, 3),
        "seekers_per_s": round(len(seekers) / max(t_end - t0, 1e-9), 1),
    }
    print(json.dumps(timing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
