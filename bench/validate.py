"""`reponse playbooks validate` at scale: 500 generated playbooks, time and peak memory.

The playbooks are the built-in ones copied under new ids, each copy a file of its own and
a playbook of its own: every template text and every condition of copy n carries n (a
Jinja comment, `and n > 0`), so no text is compiled once for several copies and the
figure holds for as many different playbooks. They are validated in one `reponse
playbooks validate` process, the cache cold, then warm, and with `--jobs 2`. Target
(issue 16): under 5 s, memory flat — the peak barely grows from 100 to 500 playbooks.
Run: `python bench/validate.py [--count 500]`.
Not a test: it prints figures for a person to read and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME_TARGET_S = 5.0
MEMORY_GROWTH_TARGET = 1.25  # peak at 500 playbooks / peak at 100


def generate(folder: Path, count: int) -> None:
    """`count` different playbooks in `folder`, ids `<builtin>-<n>`."""
    import yaml

    from reponse_cli.playbooks.loading import parse_playbook
    from reponse_cli.playbooks.schema import conditions, template_fields

    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "playbooks").glob("*.yaml"))
    fields = {path: _fields(parse_playbook(path), template_fields, conditions) for path in sources}
    for n in range(count):
        source = sources[n % len(sources)]
        new_id = f"{source.stem}-{n // len(sources) + 1:03d}"
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["id"] = new_id
        for where, kind in fields[source]:
            *parents, last = where
            holder = data
            for key in parents:
                holder = holder[key]
            # The same reply, from a text of its own.
            if not isinstance(holder[last], str):
                continue
            if kind == "text":
                holder[last] = f"{{# copie {n} #}}" + holder[last]
            else:
                holder[last] = f"({holder[last]}) and {n + 1} > 0"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def _fields(playbook: object, template_fields: object, conditions: object) -> list:
    """(where, "text" or "condition") of every string a copy makes its own."""
    found = [(list(where), "text") for where, _source, _local in template_fields(playbook)]
    found += [(list(where), "condition") for where, _source in conditions(playbook)]
    return found


def reponse_command() -> list[str]:
    script = Path(sys.executable).parent / "reponse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reponse_cli"]


PEAK = (
    "import resource, subprocess, sys\n"
    "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:] + f'\\nPEAK {peak}\\n')\n"
    "sys.exit(result.returncode)\n"
)


def run(folder: Path, home: Path, jobs: int = 1) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one validate run, in a fresh process."""
    env = {
        **os.environ,
        "REPONSE_CONFIG": str(home / "config.yaml"),
        "REPONSE_DATA_DIR": str(home / "data"),
        "REPONSE_TODAY": "2026-11-22",
    }
    command = [*reponse_command(), "playbooks", "validate", str(folder), "--jobs", str(jobs)]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"échec de la validation :\n{result.stderr[-4000:]}")
    return elapsed, int(result.stderr.rsplit("PEAK ", 1)[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="reponse-bench-validate-"))
    small, large = base / "petit", base / "grand"
    generate(small, max(args.count // 5, 1))
    generate(large, args.count)
    small_s, small_mb = run(small, base)
    large_s, large_mb = run(large, base)
    warm_s, _ = run(large, base)  # the YAML cache is now warm
    jobs_s, jobs_mb = run(large, base, jobs=2)
    growth = large_mb / small_mb
    print(f"{args.count // 5:4d} playbooks   {small_s:6.2f} s   pic {small_mb:6.1f} Mo")
    print(
        f"{args.count:4d} playbooks   {large_s:6.2f} s   pic {large_mb:6.1f} Mo"
        f"   (cible < {TIME_TARGET_S:.0f} s, pic ×{growth:.2f} ≤ ×{MEMORY_GROWTH_TARGET})"
    )
    print(f"{args.count:4d} playbooks   {warm_s:6.2f} s   (cache chaud)")
    print(
        f"{args.count:4d} playbooks   {jobs_s:6.2f} s   pic {jobs_mb:6.1f} Mo"
        "   (--jobs 2, cache chaud)"
    )
    missed = large_s >= TIME_TARGET_S or growth > MEMORY_GROWTH_TARGET
    if missed:
        print("Cible manquée.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
