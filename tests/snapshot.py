"""The extractor's output, kept so that a change meant to be faster (or to touch one rule) shows every
article whose contract JSON it changes.

    python -m tests.snapshot --update          # rules changed on purpose: record the new output
    python -m tests.snapshot --diff [REV]      # what changed against a commit (default HEAD)

`tests/snapshots/sample/<file>.json` is the full output of `peacegraph extract FILE --format json`
for each bundled article (data/articles); `tests/snapshots/dev.json` holds only the sha256 of that
output for each dev article (../shared/eval/dev, not ours to copy), recorded when it is beside the
checkout. `tests/test_output_identity.py` compares both with what the extractor prints now.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEV = ROOT.parent / "shared" / "eval" / "dev"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SAMPLE_DIR = SNAPSHOTS / "sample"
DEV_HASHES = SNAPSHOTS / "dev.json"

# Prints each named article's contract JSON, as `peacegraph extract --format json` does, separated by
# NUL; run inside any checkout of the project (older commits included), so that it imports that one.
_PRINT = """
import json, sys
from graph.articles import read_article
from graph.extract import extract_article, load_knowledge, to_contract
k = load_knowledge("data")
for f in sys.argv[1:]:
    sys.stdout.write(json.dumps(to_contract(extract_article(read_article(f), k)), ensure_ascii=False, indent=1))
    sys.stdout.write("\\n\\0")
"""


def sample_files() -> list[Path]:
    """The bundled articles, in a stable order."""
    from graph.articles import find_article_files

    return find_article_files([DATA / "articles"])


def dev_files() -> list[Path]:
    """The dev articles, or none when ../shared is not beside this checkout."""
    return sorted(DEV.glob("*.txt")) if DEV.is_dir() else []


def contract_text(path: Path, knowledge) -> str:
    """Exactly what `peacegraph extract PATH --format json` prints (trailing newline included)."""
    from graph.articles import read_article
    from graph.extract import extract_article, to_contract

    ex = extract_article(read_article(path), knowledge)
    return json.dumps(to_contract(ex), ensure_ascii=False, indent=1) + "\n"


def digest(text: str) -> str:
    """sha256 of the printed JSON: the same as `peacegraph extract F --format json | sha256sum`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def update() -> None:
    """Record the extractor's present output as the snapshot."""
    from graph.extract import load_knowledge

    knowledge = load_knowledge(DATA)
    SAMPLE_DIR.mkdir(parents=True, exist_ok=True)
    names = set()
    for f in sample_files():
        (SAMPLE_DIR / f"{f.name}.json").write_text(contract_text(f, knowledge), encoding="utf-8")
        names.add(f"{f.name}.json")
    for stale in SAMPLE_DIR.glob("*.json"):
        if stale.name not in names:
            stale.unlink()
    print(f"wrote {len(names)} bundled articles' output to {SAMPLE_DIR.relative_to(ROOT)}/")
    devs = dev_files()
    if not devs:
        print(f"{DEV} is not beside this checkout: {DEV_HASHES.relative_to(ROOT)} left as it was")
        return
    hashes = {f.name: digest(contract_text(f, knowledge)) for f in devs}
    DEV_HASHES.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(hashes)} dev articles' sha256 to {DEV_HASHES.relative_to(ROOT)}")


def outputs_at(rev: str, files: list[Path]) -> list[str]:
    """The contract JSON of each file as the extractor at git revision REV prints it (in a
    temporary worktree of that commit, with that commit's data/)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), rev], check=True)
        try:
            out = subprocess.run([sys.executable, "-c", _PRINT, *map(str, files)], cwd=tree,
                                 capture_output=True, text=True, check=True).stdout
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)
    return [o + "\n" for o in out.split("\n\0")[: len(files)]]


def diff(rev: str, names: list[str]) -> int:
    """Print the unified diff of each article's output at REV and now; the number that differ."""
    from graph.extract import load_knowledge

    files = sample_files() + dev_files()
    if names:
        files = [f for f in files if f.name in names or f.stem in names]
    knowledge = load_knowledge(DATA)
    changed = 0
    for f, old in zip(files, outputs_at(rev, files)):
        new = contract_text(f, knowledge)
        if new != old:
            changed += 1
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       f"{f.name} at {rev}", f"{f.name} now"))
    print(f"{changed} of {len(files)} articles differ from {rev}")
    return changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="record the present output as the snapshot")
    ap.add_argument("--diff", metavar="REV", nargs="?", const="HEAD",
                    help="show how the output differs from that of a commit (default HEAD)")
    ap.add_argument("articles", nargs="*", help="with --diff: only these articles (file name or id)")
    args = ap.parse_args()
    if args.update:
        update()
    elif args.diff:
        sys.exit(1 if diff(args.diff, args.articles) else 0)
    else:
        ap.print_help()


if __name__ == "__main__":
    main()
