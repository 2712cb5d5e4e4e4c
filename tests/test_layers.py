"""The apps' layer order holds (.importlinter), and no import failure is swallowed."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("aftersales", "customers", "repairs", "tradein", "tickets")


def test_the_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 kept, 0 broken" in result.stdout


def test_no_silent_import_fallback_outside_settings():
    pattern = re.compile(r"except\s*\(?[^:\n]*\b(ImportError|ModuleNotFoundError)\b")
    offenders = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "settings" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
