"""EMA: the closed form of repeated lerps, the plain copy before `start`, buffers, state round trip."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from vdiff.ema import EMA


def test_ema_follows_the_closed_form():
    model = nn.Linear(3, 2)
    ema = EMA(model, decay=0.9, start=1)
    history = []
    for step in range(1, 5):
        with torch.no_grad():
            for p in model.parameters():
                p.add_(float(step))
        history.append([p.detach().clone() for p in model.parameters()])
        ema.update(model, step)
    # step 1 copies; then e_k = 0.9 e_{k-1} + 0.1 p_k
    for index, shadow in enumerate(ema.module.parameters()):
        expected = history[0][index]
        for k in (1, 2, 3):
            expected = 0.9 * expected + 0.1 * history[k][index]
        torch.testing.assert_close(shadow, expected)


def test_ema_is_fp32_frozen_and_copies_buffers():
    model = nn.BatchNorm1d(4).to(torch.bfloat16)
    ema = EMA(model, decay=0.5)
    assert all(p.dtype == torch.float32 and not p.requires_grad for p in ema.module.parameters())
    model.running_mean.fill_(3.0)
    ema.update(model, 1)
    assert torch.equal(ema.module.running_mean, torch.full((4,), 3.0))
    assert not ema.module.training


def test_state_round_trip_and_bad_decay():
    model = nn.Linear(2, 2)
    a, b = EMA(model, decay=0.99), EMA(nn.Linear(2, 2), decay=0.99)
    b.load_state_dict(a.state_dict())
    assert all(torch.equal(p, q) for p, q in zip(a.module.parameters(), b.module.parameters()))
    with pytest.raises(ValueError, match=r"train.ema_decay: expected a value in \[0, 1\], got 1.5"):
        EMA(model, decay=1.5)
