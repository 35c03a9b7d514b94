"""Reads BenchmarkDotNet's CSV reports of NetworkCoverage and NetworkCoverageStores and writes one Markdown summary:
time and allocation per question at each city size, the growth exponent (least-squares slope of log time on log
residents), and the in-memory / pgRouting ratio on the district. Usage: network_coverage_fit.py RESULTS LOAD_BEFORE LOAD_AFTER"""
import csv
import math
import pathlib
import sys

RESIDENTS_PER_COPY = 444_000  # the street's census population, which every copy repeats

UNITS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}


def millis(text):
    value, unit = text.replace(",", "").split()
    return float(value) * UNITS[unit]


def rows(results, name):
    files = sorted(pathlib.Path(results).glob(f"*.{name}-report.csv"))  # the class name exactly: NetworkCoverage is not NetworkCoverageCold
    if not files:
        sys.exit(f"no BenchmarkDotNet CSV report for {name} in {results}")
    with open(files[-1], newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def slope(points):
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main():
    results, before, after = sys.argv[1:4]
    growth = rows(results, "NetworkCoverage") + rows(results, "NetworkCoverageCold")
    stores = rows(results, "NetworkCoverageStores")
    print(f"Load average before: {before}; after: {after}.\n")
    print("| copies | residents | question | mean | allocated |")
    print("|---:|---:|---|---:|---:|")
    series = {}
    for row in growth:
        copies = int(row["Copies"])
        ms = millis(row["Mean"])
        series.setdefault(row["Method"], []).append((copies * RESIDENTS_PER_COPY, ms))
        print(f"| {copies} | {copies * RESIDENTS_PER_COPY / 1e6:.1f} M | {row['Method']} | {ms:,.1f} ms | {row['Allocated']} |")
    print()
    for method, points in series.items():
        points.sort()
        print(f"- growth exponent of {method}: {slope(points):.2f} over all {len(points)} sizes, "
              f"{slope(points[1:]):.2f} without the smallest (time ∝ residents^k)")
    by_store = {row["Store"]: millis(row["Mean"]) for row in stores}
    print(f"- district of 3 copies ({3 * RESIDENTS_PER_COPY / 1e6:.1f} M residents): in memory {by_store['memory']:,.1f} ms, "
          f"PostGIS + pgRouting {by_store['postgis']:,.1f} ms: in memory {by_store['postgis'] / by_store['memory']:.1f}× faster")


main()
