"""Exponential moving average of model parameters, kept as an fp32 copy of the model."""

from __future__ import annotations

import copy

import torch
from torch import nn


class EMA:
    """fp32 shadow model: ema <- decay * ema + (1 - decay) * param, a plain copy before `start` steps.

    The update is one `torch._foreach_lerp_` over all parameters (lerp(ema, p, 1 - decay) is the same
    formula), so it costs a few fused kernels per step instead of one per tensor.
    """

    def __init__(self, model: nn.Module, *, decay: float, start: int = 0):
        if not 0.0 <= decay <= 1.0:
            raise ValueError(f"train.ema_decay: expected a value in [0, 1], got {decay!r}")
        self.decay = decay
        self.start = start
        self.module = copy.deepcopy(model).float().eval().requires_grad_(False)
        self._params = list(self.module.parameters())
        self._buffers = list(self.module.buffers())

    def weight(self, step: int) -> float:
        """Lerp weight towards the live parameters for the update that ends `step` (1-based)."""
        return 1.0 if step <= self.start else 1.0 - self.decay

    @torch.no_grad()
    def update(self, model: nn.Module, step: int) -> None:
        """Move the shadow towards `model`'s parameters after optimizer step `step`; buffers are copied."""
        params = [p.detach() for p in model.parameters()]
        if len(params) != len(self._params):
            raise ValueError(f"EMA.update: expected a model with {len(self._params)} parameters, got {len(params)}")
        if params and params[0].dtype != torch.float32:
            params = [p.float() for p in params]
        weight = self.weight(step)
        if weight == 1.0:
            torch._foreach_copy_(self._params, params)
        else:
            torch._foreach_lerp_(self._params, params, weight)
        for shadow, buffer in zip(self._buffers, model.buffers()):
            shadow.copy_(buffer)

    def state_dict(self) -> dict[str, torch.Tensor]:
        """The shadow model's state dict (loadable into a fresh model of the same config)."""
        return self.module.state_dict()

    def load_state_dict(self, state: dict[str, torch.Tensor]) -> None:
        """Restore the shadow weights written by `state_dict`."""
        self.module.load_state_dict(state)
