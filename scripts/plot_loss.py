#!/usr/bin/env python3
"""Draws a training loss curve (the CSV `plume train --log` writes) as a PNG.

Usage: scripts/plot_loss.py loss.csv loss.png
CSV columns: step,loss,lr,grad_norm,tokens_per_second,val_loss (val_loss only on evaluation steps).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")  # no display on a build machine
import matplotlib.pyplot as plt  # noqa: E402


def main(csv_path, png_path):
    steps, loss, val_steps, val_loss = [], [], [], []
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            steps.append(int(row["step"]))
            loss.append(float(row["loss"]))
            if row.get("val_loss"):
                val_steps.append(int(row["step"]))
                val_loss.append(float(row["val_loss"]))
    # A running mean over 25 steps shows the trend through the per-batch noise.
    window = 25
    smooth = [sum(loss[max(0, i - window + 1):i + 1]) / (i + 1 - max(0, i - window + 1)) for i in range(len(loss))]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    ax.plot(steps, loss, color="#c6d4e8", linewidth=0.8, label="training loss (per step)")
    ax.plot(steps, smooth, color="#2b6cb0", linewidth=1.6, label=f"training loss ({window}-step mean)")
    if val_steps:
        ax.plot(val_steps, val_loss, "o-", color="#d9480f", markersize=3, label="held-out loss")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy (nats per token)")
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: plot_loss.py loss.csv loss.png")
    main(sys.argv[1], sys.argv[2])
