"""Training-step statistics kept on the device (loss, gradient norm, skipped steps) and the NaN guard's error.

The Trainer adds to these every step without a host sync and reads them once per log step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch


class NonFiniteLossError(RuntimeError):
    """Raised when nan_patience optimizer steps in a row had a non-finite loss or gradient."""


class DeviceStats:
    """Per-step loss / grad-norm / skip counters kept on the device; fetched with one host sync."""

    def __init__(self, device: torch.device):
        # [loss sum, grad-norm sum, finite steps, skipped total, current streak, max streak]
        self.values = torch.zeros(6, dtype=torch.float32, device=device)

    def add(self, loss: torch.Tensor, grad_norm: torch.Tensor, found_inf: torch.Tensor) -> None:
        """Count one optimizer step; found_inf (0-dim, 1.0 = skipped) keeps its loss out of the sums."""
        finite = found_inf == 0
        v = self.values
        step = torch.stack([torch.where(finite, loss, 0.0), torch.where(finite, grad_norm, 0.0),
                            finite.float(), found_inf.float()])
        v[:4] += step
        v[4] = (v[4] + 1) * found_inf  # length of the current run of skipped steps
        v[5] = torch.maximum(v[5], v[4])

    def fetch(self) -> dict[str, Any]:
        """Window means (None when every step was skipped), skipped total and the longest streak."""
        loss_sum, norm_sum, finite, skipped, _, max_streak = self.values.tolist()
        return {"loss": loss_sum / finite if finite else None, "grad_norm": norm_sum / finite if finite else None,
                "skipped": int(skipped), "max_streak": int(max_streak)}

    def check(self, step: int, patience: int) -> dict[str, Any]:
        """fetch(), raising NonFiniteLossError once `patience` steps in a row were skipped (the NaN guard)."""
        stats = self.fetch()
        if stats["max_streak"] >= patience:
            raise NonFiniteLossError(
                f"training stopped at step {step}: {stats['max_streak']} steps in a row had a non-finite loss or "
                f"gradient (train.nan_patience={patience}); lower train.lr or use train.precision 'fp32'"
            )
        return stats

    def reset_window(self) -> None:
        """Start a new logging window (the skip total and the current streak carry on)."""
        self.values[[0, 1, 2, 5]] = 0

    def counters(self) -> tuple[int, int]:
        """(skipped steps so far, current streak of skipped steps), with a host sync."""
        values = self.values.tolist()
        return int(values[3]), int(values[4])

    def restore(self, skipped: int, streak: int) -> None:
        """Set the counters saved in a checkpoint."""
        self.values.zero_()
        self.values[3], self.values[4] = float(skipped), float(streak)


def append_jsonl(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line to `path` and flush it, so a crash loses at most the line being written."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
        f.flush()
