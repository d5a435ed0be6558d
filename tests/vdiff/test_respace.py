"""vdiff.respace: which steps a shorter chain keeps, and its betas."""
from __future__ import annotations

import pytest
import torch

from vdiff.diffusion import linear_betas
from vdiff.respace import respaced_betas, space_timesteps


def test_ddim_spec_uses_an_even_stride_from_zero():
    assert space_timesteps(1000, "ddim50") == list(range(0, 1000, 20))
    assert space_timesteps(1000, "ddim100")[:3] == [0, 10, 20]
    steps = space_timesteps(10, "ddim4")  # no integer stride gives 4 of 10: rounded even spacing
    assert len(steps) == 4 and steps[0] == 0 and steps[-1] == 9


def test_section_specs_spread_steps_over_equal_sections():
    assert space_timesteps(100, "10") == [round(i * 99 / 9) for i in range(10)]
    steps = space_timesteps(30, "2,3,10")
    assert steps[:2] == [0, 9] and steps[2:5] == [10, 14, 19] and steps[5:] == list(range(20, 30))
    assert space_timesteps(10, [9, 0, 3, 3]) == [0, 3, 9]


def test_respaced_betas_keep_alpha_bar_and_reproduce_the_original_when_nothing_is_skipped():
    betas = linear_betas(100)
    alphas_cumprod = torch.cumprod(1 - betas, 0)
    kept = [0, 7, 50, 99]
    torch.testing.assert_close(torch.cumprod(1 - respaced_betas(alphas_cumprod, kept), 0), alphas_cumprod[kept])
    torch.testing.assert_close(respaced_betas(alphas_cumprod, range(100)), betas)


@pytest.mark.parametrize("spec, message", [
    ("ddimx", "respacing: expected 'ddimN' with an int N, got 'ddimx'"),
    ("ddim0", "respacing: expected 1 <= N <= 100 in 'ddimN', got 'ddim0'"),
    ("fast", "respacing: expected 'ddimN', 'N', 'a,b,c' or a list of ints, got 'fast'"),
    ("60,60", "respacing: expected 1..50 steps in section 0 of 100 steps, got 60"),
    ([0, 100], r"respacing: expected a non-empty list of steps in \[0, 99\], got \[0, 100\]"),
])
def test_bad_specs_raise_value_error(spec, message):
    with pytest.raises(ValueError, match=message):
        space_timesteps(100, spec)
