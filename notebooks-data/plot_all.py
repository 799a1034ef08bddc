"""Render every figure headlessly: runs <root>/<figure>/plot.py for each figure directory with data."""
import os
import subprocess
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
failed = []
for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    script = os.path.join(d, "plot.py")
    if not (os.path.isdir(d) and os.path.exists(script)):
        continue
    has_data = os.path.exists(os.path.join(d, "run.json")) or any(
        os.path.exists(os.path.join(d, sub, "run.json")) for sub in os.listdir(d)
    )
    if not has_data:
        print(f"plot: {name}: no data yet (run `spectra reproduce --only {name}`), skipped", file=sys.stderr)
        continue
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, script, d], env=env)
    if r.returncode != 0:
        failed.append(name)
    else:
        print(f"plot: {name}/figure.png", file=sys.stderr)
if failed:
    print("plot: failed: " + ", ".join(failed), file=sys.stderr)
    sys.exit(1)
