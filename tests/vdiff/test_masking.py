"""vdiff.masking: the training mask sampler's statistics and the task masks."""
from __future__ import annotations

import pytest
import torch

from vdiff.masking import generate, infill, predict, sample_train_mask


def _binomial_ok(count: int, n: int, p: float) -> bool:
    """count within 5 standard deviations of Binomial(n, p)'s mean (a false alarm about once in 3 million runs)."""
    return abs(count - n * p) <= 5 * (n * p * (1 - p)) ** 0.5


def test_train_mask_k_range_and_p_uncond_frequency():
    n, frames, max_given, p_uncond = 20000, 10, 4, 0.25
    mask = sample_train_mask(n, frames, max_given=max_given, p_uncond=p_uncond,
                             generator=torch.Generator().manual_seed(0))
    assert mask.shape == (n, frames) and mask.dtype == torch.bool
    k = mask.sum(dim=1)
    assert _binomial_ok(int((k == 0).sum()), n, p_uncond)
    assert set(k.tolist()) == {0, 1, 2, 3, 4}
    for value in range(1, max_given + 1):  # k ~ U{1..K} when something is given
        assert _binomial_ok(int((k == value).sum()), n, (1 - p_uncond) / max_given)
    # Positions are uniform: each frame is given with probability (1 - p) * E[k] / T.
    per_frame = mask.sum(dim=0)
    expected = (1 - p_uncond) * (max_given + 1) / 2 / frames
    assert all(_binomial_ok(int(c), n, expected) for c in per_frame)


def test_train_mask_prefix_mode_gives_leading_frames_and_always_leaves_one_to_predict():
    mask = sample_train_mask(500, 6, max_given=8, p_uncond=0.0, prefix_only=True,
                             generator=torch.Generator().manual_seed(1))
    k = mask.sum(dim=1)
    assert k.min() >= 1 and k.max() == 5  # K = min(max_given, T - 1)
    assert torch.equal(mask, torch.arange(6)[None] < k[:, None])
    assert not sample_train_mask(3, 1).any()  # T = 1: nothing can be given


def test_train_mask_is_reproducible_from_a_generator():
    first = sample_train_mask(64, 8, generator=torch.Generator().manual_seed(7))
    again = sample_train_mask(64, 8, generator=torch.Generator().manual_seed(7))
    other = sample_train_mask(64, 8, generator=torch.Generator().manual_seed(8))
    assert torch.equal(first, again) and not torch.equal(first, other)


def test_task_masks():
    assert predict(2, 5, 2).tolist() == [[True, True, False, False, False]] * 2
    assert infill(1, 5, [0, -1]).tolist() == [[True, False, False, False, True]]
    assert not generate(3, 4).any() and generate(3, 4).shape == (3, 4)


def test_bad_input_raises_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match=r"p_uncond: expected a probability in \[0, 1\], got 1.5"):
        sample_train_mask(2, 4, p_uncond=1.5)
    with pytest.raises(ValueError, match="max_given: expected an int >= 0, got -1"):
        sample_train_mask(2, 4, max_given=-1)
    with pytest.raises(ValueError, match="frames: expected a positive int, got 0"):
        predict(2, 0, 0)
    with pytest.raises(ValueError, match=r"n_given: expected an int in \[0, 4\], got 5"):
        predict(2, 4, 5)
    with pytest.raises(ValueError, match=r"indices: expected ints in \[-4, 3\], got \[4\]"):
        infill(1, 4, [4])
