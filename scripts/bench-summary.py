#!/usr/bin/env python3
"""Summarises a JMH JSON result (scripts/bench.sh writes iokit4j-benchmarks/target/jmh-result.json).

For each SampleTime benchmark: the median and p99 over all forks, and each fork's own median and p99, so the
spread across forks (JVM launches) shows next to the pooled numbers. For AverageTime: the mean and each fork's.
Usage: scripts/bench-summary.py [result.json]
"""
import json
import sys


def percentile(histogram, q):
    """histogram: list of [value, count] pairs; q in [0, 1]. Nearest-rank percentile."""
    pairs = sorted(histogram)
    total = sum(c for _, c in pairs)
    rank = max(1, int(q * total + 0.999999))
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]


def name(result):
    params = result.get("params") or {}
    suffix = "".join(f" {k}={v}" for k, v in params.items())
    return result["benchmark"].rsplit(".", 2)[-2] + "." + result["benchmark"].rsplit(".", 1)[-1] + suffix


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "iokit4j-benchmarks/target/jmh-result.json"
    with open(path) as f:
        results = json.load(f)
    print(f"{'benchmark':55} {'mode':6} {'median/mean':>12} {'p99':>10}  per fork (median/p99 or mean)")
    for r in results:
        m = r["primaryMetric"]
        unit = m["scoreUnit"].split("/")[0]
        if r["mode"] == "sample":
            forks = []
            pooled = []
            for fork in m["rawDataHistogram"]:
                merged = [pair for iteration in fork for pair in iteration]
                pooled += merged
                forks.append(f"{percentile(merged, 0.5):.0f}/{percentile(merged, 0.99):.0f}")
            print(f"{name(r):55} sample {percentile(pooled, 0.5):>9.0f} {unit} {percentile(pooled, 0.99):>7.0f} {unit}"
                  f"  {', '.join(forks)}")
        else:
            forks = [f"{sum(fork) / len(fork):.1f}" for fork in m["rawData"]]
            print(f"{name(r):55} {r['mode']:6} {m['score']:>9.1f} {unit} {'':>10}  {', '.join(forks)}")


if __name__ == "__main__":
    main()
