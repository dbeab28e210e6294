"""Benchmarks of humas (issue 5). Work in progress: the site build benchmark comes next."""

from __future__ import annotations

import argparse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.parse_args()
    print("bench: no benchmark implemented yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
