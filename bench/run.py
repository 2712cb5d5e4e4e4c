#!/usr/bin/env python
"""Run the benchmarks: every bench/<group>.py, or only the groups named on the command line.

Each group module has `main()` and prints lines `BENCH <name> <value> <unit>`.
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings.base")


def groups() -> list[str]:
    return sorted(p.stem for p in Path(__file__).parent.glob("*.py") if p.stem not in {"run", "__init__", "common"})


def main(argv: list[str]) -> int:
    import django

    django.setup()
    wanted = argv or groups()
    unknown = [g for g in wanted if g not in groups()]
    if unknown:
        print(f"unknown benchmark group(s): {', '.join(unknown)}; known: {', '.join(groups())}", file=sys.stderr)
        return 2
    for group in wanted:
        print(f"# {group}", flush=True)
        importlib.import_module(f"bench.{group}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
