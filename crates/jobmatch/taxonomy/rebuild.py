#!/usr/bin/env python3
"""Rebuilds the compact shipped taxonomies from ../shared/data/reference/occupations.

    python3 crates/jobmatch/taxonomy/rebuild.py [--shared ../shared]

cn-2022.jsonl is copied unchanged. esco-1.2-en-compact.jsonl keeps every ESCO
occupation's code, name, parent and alternative names, the description cut to
its first sentences (at most DESC_CHARS characters) and at most SKILLS essential
skills (those sharing most words with the name and description first, then the
shortest, then alphabetical). Output is deterministic.
"""
import argparse
import json
import os
import re

DESC_CHARS = 140
SKILLS = 4
HERE = os.path.dirname(os.path.abspath(__file__))


def words(text):
    return set(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3)


def shorten(desc):
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", desc.strip()):
        if out and len(out) + 1 + len(sentence) > DESC_CHARS:
            break
        out = (out + " " + sentence).strip()
    return out[:DESC_CHARS + 80]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "..", "shared"))
    args = ap.parse_args()
    src = os.path.join(args.shared, "data", "reference", "occupations")
    with open(os.path.join(src, "cn-2022.jsonl"), "rb") as f:
        cn = f.read()
    with open(os.path.join(HERE, "cn-2022.jsonl"), "wb") as f:
        f.write(cn)
    out = []
    with open(os.path.join(src, "esco-1.2-en.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            row = {"code": r["code"], "name": r["name"]}
            if r.get("parent"):
                row["parent"] = r["parent"]
            if r.get("description"):
                row["description"] = shorten(r["description"])
            if r.get("alt_names"):
                row["alt_names"] = r["alt_names"]
            if r.get("skills"):
                ctx = words(r["name"] + " " + r.get("description", ""))
                ranked = sorted(r["skills"], key=lambda s: (-len(words(s) & ctx), len(s), s))
                row["skills"] = ranked[:SKILLS]
            out.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    with open(os.path.join(HERE, "esco-1.2-en-compact.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
