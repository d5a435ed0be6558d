"""vdiff.sampling: exact given frames, oracle reproduction, determinism, resampling, long videos, bad input."""
from __future__ import annotations

import pytest
import torch

from tests.vdiff.tiny import TINY
from vdiff.diffusion import DiffusionConfig, GaussianDiffusion
from vdiff.masking import generate, infill, predict
from vdiff.sampling import sample, sample_autoregressive, sample_long
from vdiff.unet import UNet3D, UNetConfig

DIFFUSION = GaussianDiffusion(DiffusionConfig(steps=40))
SAMPLERS = [
    dict(sampler="ddpm", steps=8),
    dict(sampler="ddim", steps=5, eta=0.0),
    dict(sampler="ddim", steps=5, eta=1.0),
    dict(sampler="ddpm", steps=4, conditioning="replacement", resample=2),
    dict(sampler="ddim", steps=4, conditioning="replacement", resample=3),
]


def _clip(batch=2, frames=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(batch, 3, frames, 8, 8, generator=g) * 2 - 1


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    net = UNet3D(UNetConfig(**TINY)).eval()
    for p in net.out.parameters():  # the zero-initialised output layer would make every sample x_T-only
        torch.nn.init.normal_(p, std=0.05)
    return net


def _oracle(x0: torch.Tensor):
    """A perfect eps-model for the data x0: every sampler must reproduce x0 from it."""
    def model(x_t, t, given_mask=None):
        return DIFFUSION.eps_from_x0(x_t, t, x0)
    return model


def _masks(batch, frames):
    return {"predict": predict(batch, frames, 1), "infill": infill(batch, frames, [0, frames - 1]),
            "generate": generate(batch, frames),
            "random": torch.rand(batch, frames, generator=torch.Generator().manual_seed(5)) < 0.5}


@pytest.mark.parametrize("kw", SAMPLERS, ids=lambda kw: "-".join(str(v) for v in kw.values()))
def test_an_oracle_model_is_reproduced_by_every_sampler(kw):
    x0 = _clip()
    for name, mask in _masks(2, 4).items():
        out = sample(_oracle(x0), DIFFUSION, x0, mask, progress=False, generator=torch.Generator().manual_seed(1), **kw)
        torch.testing.assert_close(out, x0, atol=1e-4, rtol=0, msg=f"task {name}")


@pytest.mark.parametrize("kw", SAMPLERS, ids=lambda kw: "-".join(str(v) for v in kw.values()))
def test_given_frames_come_out_exactly_for_every_sampler_and_task(model, kw):
    x_given = _clip()
    for name, mask in _masks(2, 4).items():
        out = sample(model, DIFFUSION, x_given, mask, progress=False, **kw)
        keep = mask[:, None, :, None, None].expand_as(out)
        assert torch.equal(out[keep], x_given[keep]), name
        assert torch.isfinite(out).all() and out.dtype == torch.float32


def test_autoregressive_and_long_samplers_keep_given_frames_exactly(model):
    x_given = _clip(frames=5)
    # chunk=1 with replacement and resampling: the reference page's "autoregressive resampling".
    for chunk, kw in ((1, dict(conditioning="replacement", resample=2)), (2, {})):
        out = sample_autoregressive(model, DIFFUSION, x_given, 2, chunk=chunk, steps=3, progress=False, **kw)
        assert out.shape == x_given.shape and torch.equal(out[:, :, :2], x_given[:, :, :2])
    out = sample_long(model, DIFFUSION, x_given[:, :, :1], total_frames=7, window=4, overlap=2,
                      steps=3, sampler="ddpm", progress=False)
    assert out.shape == (2, 3, 7, 8, 8) and torch.equal(out[:, :, :1], x_given[:, :, :1])


def test_same_generator_gives_the_same_samples_and_ddim_eta0_needs_no_other_randomness(model, monkeypatch):
    x_given, mask = _clip(), predict(2, 4, 1)
    for kw in (dict(sampler="ddpm", steps=4), dict(sampler="ddim", steps=4, eta=0.0)):
        first = sample(model, DIFFUSION, x_given, mask, generator=torch.Generator().manual_seed(3), progress=False, **kw)
        torch.manual_seed(123)  # the global RNG must not matter
        again = sample(model, DIFFUSION, x_given, mask, generator=torch.Generator().manual_seed(3), progress=False, **kw)
        other = sample(model, DIFFUSION, x_given, mask, generator=torch.Generator().manual_seed(4), progress=False, **kw)
        assert torch.equal(first, again) and not torch.equal(first, other)
    # DDIM with eta = 0 is a deterministic map of x_T: one noise draw in total.
    draws = []
    real_randn = torch.randn

    def counting_randn(*args, **kwargs):
        draws.append(args[0])
        return real_randn(*args, **kwargs)

    monkeypatch.setattr(torch, "randn", counting_randn)
    sample(model, DIFFUSION, x_given, mask, sampler="ddim", steps=6, generator=torch.Generator(), progress=False)
    assert len(draws) == 1


def test_model_conditioning_sees_clean_frames_and_replacement_sees_noised_ones():
    x0, mask = _clip(), predict(2, 4, 2)
    seen = []

    def spy(x_t, t, given_mask=None):
        seen.append((x_t.clone(), t.clone(), given_mask))
        return torch.zeros_like(x_t)

    sample(spy, DIFFUSION, x0, mask, sampler="ddim", steps=4, progress=False)
    assert len(seen) == 4 and all(torch.equal(x[:, :, :2], x0[:, :, :2]) and m is mask for x, _, m in seen)
    assert [t[0].item() for _, t, _ in seen] == [30, 20, 10, 0]  # original timesteps, high to low
    seen.clear()
    sample(spy, DIFFUSION, x0, mask, sampler="ddpm", steps=4, conditioning="replacement", resample=3, progress=False)
    assert len(seen) == 3 * 3 + 1  # R rounds per step, one at the last step
    assert all(m is None for _, _, m in seen) and not torch.equal(seen[0][0][:, :, :2], x0[:, :, :2])


def test_odd_and_single_frame_clips(model):
    for frames, mask in ((3, predict(1, 3, 1)), (1, generate(1, 1))):
        out = sample(model, DIFFUSION, _clip(1, frames), mask, steps=3, progress=False)
        assert out.shape == (1, 3, frames, 8, 8)


def test_callback_sees_every_step_and_progress_can_be_quiet(model, capsys):
    calls = []
    sample(model, DIFFUSION, _clip(), predict(2, 4, 1), steps=5, progress=False, callback=calls.append)
    assert [c["step"] for c in calls] == list(range(5)) and [c["t"] for c in calls] == [4, 3, 2, 1, 0]
    assert calls[-1]["x"].shape == (2, 3, 4, 8, 8) and set(calls[0]) == {"step", "t", "x", "x0_pred"}
    assert capsys.readouterr().err == ""
    sample(model, DIFFUSION, _clip(), predict(2, 4, 1), steps=2, progress=True)
    assert "ddim sampling" in capsys.readouterr().err


def test_bad_input_raises_value_error_naming_the_parameter(model):
    x, mask = _clip(), predict(2, 4, 1)
    cases = [
        (dict(sampler="euler"), "sample sampler: expected 'ddpm' or 'ddim', got 'euler'"),
        (dict(conditioning="cfg"), "sample conditioning: expected 'model' or 'replacement', got 'cfg'"),
        (dict(resample=0), "sample resample: expected an int >= 1, got 0"),
        (dict(steps=41), "steps: expected 1..40, got 41"),
    ]
    for kw, message in cases:
        with pytest.raises(ValueError, match=message):
            sample(model, DIFFUSION, x, mask, progress=False, **kw)
    with pytest.raises(ValueError, match=r"sample given_mask: expected bool \[2, 4\], got torch.bool \[2, 5\]"):
        sample(model, DIFFUSION, x, predict(2, 5, 1), progress=False)
    with pytest.raises(ValueError, match=r"x: expected \[B, 3, T, H, W\], got \[2, 1, 4, 8, 8\]"):
        sample(model, DIFFUSION, x[:, :1], mask, steps=2, progress=False)
    with pytest.raises(ValueError, match="sample_autoregressive chunk: expected an int >= 1, got 0"):
        sample_autoregressive(model, DIFFUSION, x, 1, chunk=0)
    with pytest.raises(ValueError, match=r"sample_long overlap: expected 1..3 \(window - 1\), got 4"):
        sample_long(model, DIFFUSION, x[:, :, :1], total_frames=8, window=4, overlap=4)
