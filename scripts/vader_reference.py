#!/usr/bin/env python3
"""Scores data/labelled/tweets_human_rated.tsv with the reference vaderSentiment 3.3.2 (pip package) and writes
data/labelled/tweets_vader_reference.tsv (id, compound, pos, neu, neg, as vaderSentiment rounds them), which the
Swift tests compare SentimentScorer against. Development-time only: nothing runs Python at runtime.

    pip install vaderSentiment==3.3.2 && python3 scripts/vader_reference.py
"""
import os
import sys

from vaderSentiment import vaderSentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "data", "labelled", "tweets_human_rated.tsv")
TARGET = os.path.join(ROOT, "data", "labelled", "tweets_vader_reference.tsv")


def main():
    version = getattr(vaderSentiment, "__version__", None)
    analyzer = SentimentIntensityAnalyzer()
    rows = []
    with open(SOURCE, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle.read().split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 3:
                sys.exit(f"{SOURCE}:{number}: expected id<TAB>rating<TAB>text")
            scores = analyzer.polarity_scores(fields[2])
            rows.append(f"{fields[0]}\t{scores['compound']}\t{scores['pos']}\t{scores['neu']}\t{scores['neg']}")
    with open(TARGET, "w", encoding="utf-8") as out:
        out.write(f"# vaderSentiment 3.3.2 polarity_scores of {os.path.basename(SOURCE)}{'' if version is None else ' (' + version + ')'}\n")
        out.write("id\tcompound\tpos\tneu\tneg\n")
        out.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows)} rows to {TARGET}")


if __name__ == "__main__":
    main()
