"""Small helpers shared by the figure scripts: read the tidy CSVs the `spectra` tool writes."""
import csv
import json
import math
import os
import subprocess
import sys


def read_table(path):
    """Rows of a CSV (lines starting with '#' skipped) as dicts; numbers converted where possible."""
    with open(path, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = []
    for r in csv.DictReader(lines):
        rows.append({k: _value(v) for k, v in r.items()})
    return rows


def _value(v):
    for cast in (int, float):
        try:
            return cast(v)
        except (TypeError, ValueError):
            pass
    if v in ("nan", "inf", "-inf"):
        return float(v)
    return v


def where(rows, **conditions):
    """The rows whose columns equal the given values."""
    return [r for r in rows if all(r.get(k) == v for k, v in conditions.items())]


def finite(values):
    """The values that are finite numbers, in order (nan, inf, empty and text cells dropped)."""
    return [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def mean(values):
    """Mean of the finite values; nan when there are none."""
    values = finite(values)
    return sum(values) / len(values) if values else float("nan")


def stderr(values):
    """Standard error of the mean of the finite values; 0 for fewer than two."""
    values = finite(values)
    if len(values) < 2:
        return 0.0
    mu = sum(values) / len(values)
    return math.sqrt(sum((v - mu) ** 2 for v in values) / (len(values) - 1) / len(values))


def figure_dir(argv):
    """The figure's data directory: the first argument, or the script's own directory."""
    return argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(argv[0]))


def run_configuration(directory):
    """The "configuration" object of DIRECTORY/run.json (as written by `spectra`), or None without a run.json."""
    path = os.path.join(directory, "run.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["configuration"]


def run_script(script, *args):
    """Run another plot script with this Python interpreter; raises CalledProcessError if it fails."""
    subprocess.run([sys.executable, script, *args], check=True)


def setup():
    """Headless (Agg) matplotlib with the house rcParams; returns pyplot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"figure.dpi": 110, "axes.grid": True, "grid.alpha": 0.3, "font.size": 9})
    return plt


def plot_density(ax, rows, color, label, alpha=0.45):
    """Draw density rows (lower, upper, density) as bars; empty bins stay empty (no bridging lines)."""
    rows = [r for r in rows if r["density"] > 0]
    if not rows:
        return
    ax.bar([r["lower"] for r in rows], [r["density"] for r in rows],
           width=[r["upper"] - r["lower"] for r in rows], align="edge", color=color, alpha=alpha,
           edgecolor=color, linewidth=0.6, label=label)


def integer_ticks(ax, values):
    """Label a log x axis at the given integer values only (no crowded minor labels)."""
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    ax.xaxis.set_major_locator(FixedLocator(values))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xticklabels([str(v) for v in values])


def plot_bulk_theory(ax, rows, color="k", label="predicted bulk (linear width, no fit)"):
    """Draws the predicted bulk density of bulk-theory.csv rows, scaled by their weight column so that it
    sits on the histogram's normalisation (docs/bulk-theory.md)."""
    rows = [r for r in rows if r["density"] > 0]
    if not rows:
        return
    ax.plot([r["x"] for r in rows], [r["density"] * r["weight"] for r in rows], color=color, lw=1.0,
            label=label)
