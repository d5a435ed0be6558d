"""GaussianDiffusion: closed forms, parameterisations, respacing, masked losses, overfitting a clip."""
from __future__ import annotations

import pytest
import torch

from tests.vdiff.tiny import TINY
from vdiff.diffusion import DiffusionConfig, GaussianDiffusion, cosine_betas, linear_betas, masked_mean
from vdiff.respace import space_timesteps
from vdiff.unet import UNet3D, UNetConfig


def _clip(batch=2, frames=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(batch, 3, frames, 8, 8, generator=g, dtype=torch.float64) * 2 - 1


def test_linear_schedule_is_scaled_for_other_lengths():
    assert linear_betas(1000)[0].item() == pytest.approx(1e-4)
    assert linear_betas(1000)[-1].item() == pytest.approx(0.02)
    assert linear_betas(500)[-1].item() == pytest.approx(0.04)


def test_cosine_schedule_follows_its_alpha_bar():
    betas = cosine_betas(100)
    alphas_cumprod = torch.cumprod(1 - betas, 0)
    f = lambda t: torch.cos(torch.tensor((t + 0.008) / 1.008 * torch.pi / 2, dtype=torch.float64)) ** 2  # noqa: E731
    assert alphas_cumprod[49].item() == pytest.approx((f(0.5) / f(0.0)).item(), rel=1e-9)


def test_q_sample_matches_its_closed_form_mean_and_variance():
    d = GaussianDiffusion(DiffusionConfig(steps=100))
    x0 = torch.full((20000, 1), 0.7, dtype=torch.float64)
    t = torch.full((20000,), 30)
    samples = d.q_sample(x0, t, torch.randn(20000, 1, dtype=torch.float64, generator=torch.Generator().manual_seed(0)))
    abar = d.alphas_cumprod[30].item()
    assert samples.mean().item() == pytest.approx(abar**0.5 * 0.7, abs=0.02)
    assert samples.var().item() == pytest.approx(1 - abar, rel=0.03)
    mean, var = d.q_mean_variance(x0[:1], t[:1])
    assert mean.item() == pytest.approx(abar**0.5 * 0.7) and var.item() == pytest.approx(1 - abar)


def test_posterior_matches_bayes_rule():
    d = GaussianDiffusion(DiffusionConfig(steps=50, schedule="cosine"))
    x0, x_t = _clip(), _clip(seed=1)
    t = torch.tensor([1, 37])
    mean, var, log_var = d.q_posterior(x0, x_t, t)
    for i, step in enumerate(t.tolist()):
        abar_prev, beta = d.alphas_cumprod[step - 1], d.betas[step]
        # Product of q(x_{t-1} | x0) = N(sqrt(abar_prev) x0, 1 - abar_prev) and q(x_t | x_{t-1}).
        precision = 1 / (1 - abar_prev) + (1 - beta) / beta
        expected_mean = (abar_prev.sqrt() * x0[i] / (1 - abar_prev) + (1 - beta).sqrt() * x_t[i] / beta) / precision
        torch.testing.assert_close(mean[i], expected_mean)
        torch.testing.assert_close(var[i].flatten()[0], 1 / precision)
        torch.testing.assert_close(log_var[i].flatten()[0], (1 / precision).log())


def test_eps_x0_v_round_trip():
    d = GaussianDiffusion(DiffusionConfig(steps=100))
    x0, eps, t = _clip(), _clip(seed=2), torch.tensor([0, 99])
    x_t = d.q_sample(x0, t, eps)
    torch.testing.assert_close(d.x0_from_eps(x_t, t, eps), x0)
    torch.testing.assert_close(d.eps_from_x0(x_t, t, x0), eps)
    torch.testing.assert_close(d.x0_from_v(x_t, t, d.v_from(x0, eps, t)), x0)


def test_respacing_keeps_alpha_bar_and_reproduces_betas_when_nothing_is_skipped():
    d = GaussianDiffusion(DiffusionConfig(steps=1000))
    for spec in ("ddim50", "100", "10,10,10", [0, 5, 999]):
        r = d.respace(spec)
        kept = r.timestep_map
        torch.testing.assert_close(r.alphas_cumprod, d.alphas_cumprod[kept])
    assert d.respace("ddim50").num_timesteps == 50 and d.respace("10,10,10").num_timesteps == 30
    full = d.respace(list(range(1000)))
    torch.testing.assert_close(full.betas, d.betas)
    assert space_timesteps(30, "10,10,10") == list(range(30))


def test_respaced_diffusion_calls_the_model_with_original_timesteps():
    seen = []
    d = GaussianDiffusion(DiffusionConfig(steps=1000), respacing="ddim10")

    def model(x, t, given_mask=None):
        seen.append(t.clone())
        return torch.zeros_like(x)

    d.p_mean_variance(model, torch.zeros(2, 3, 1, 8, 8), torch.tensor([0, 9]))
    assert seen[0].tolist() == [0, 900]


def test_training_losses_put_given_frames_back_clean_and_exclude_them():
    d = GaussianDiffusion(DiffusionConfig(steps=100))
    x0 = _clip().float()
    mask = torch.tensor([[True, False, False, True], [True, True, True, True]])
    pred = torch.zeros(2, 3, 4, 8, 8, requires_grad=True)
    inputs = []

    def model(x, t, given_mask=None):
        inputs.append(x)
        return pred * 1.0

    losses = d.training_losses(model, x0, mask)
    assert torch.equal(inputs[0][:, :, :1], x0[:, :, :1]) and torch.equal(inputs[0][1], x0[1])
    assert losses["loss"][1].item() == 0.0 and torch.isfinite(losses["loss"]).all()
    losses["loss"].sum().backward()
    given = mask[:, None, :, None, None].expand_as(pred)
    assert (pred.grad[given] == 0).all() and (pred.grad[~given] != 0).all()


def test_masked_mean_averages_over_non_given_frames_only():
    values = torch.arange(2 * 1 * 3 * 1 * 1, dtype=torch.float32).reshape(2, 1, 3, 1, 1)
    mask = torch.tensor([[True, False, False], [False, True, True]])
    assert masked_mean(values, mask).tolist() == [1.5, 3.0]


def test_hybrid_vlb_term_only_trains_the_variance():
    d = GaussianDiffusion(DiffusionConfig(steps=100, variance="learned_range", loss="hybrid"))
    x0 = _clip().float()
    out = (torch.randn(2, 6, 4, 8, 8) * 0.1).requires_grad_()
    losses = d.training_losses(lambda x, t, m=None: out * 1.0, x0, None, t=torch.tensor([0, 50]))
    assert set(losses) == {"loss", "mse", "vb"} and (losses["vb"] > 0).all()
    losses["vb"].sum().backward()
    assert (out.grad[:, :3] == 0).all() and (out.grad[:, 3:] != 0).any()


@pytest.mark.parametrize("prediction", ["eps", "v", "x0"])
@pytest.mark.parametrize("variance", ["fixed_small", "fixed_large", "learned_range"])
def test_p_mean_variance_shapes_for_every_mode(prediction, variance):
    d = GaussianDiffusion(DiffusionConfig(steps=20, prediction=prediction, variance=variance))
    channels = 6 if variance == "learned_range" else 3
    out = d.p_mean_variance(lambda x, t, m=None: torch.zeros(2, channels, 4, 8, 8), _clip().float(),
                            torch.tensor([0, 19]))
    assert out["mean"].shape == (2, 3, 4, 8, 8) and torch.isfinite(out["log_variance"]).all()


def test_tiny_model_overfits_one_clip():
    # eps-prediction on one 4-frame 8x8 clip: about 240 Adam steps (7 s of one CPU core) divide the loss by 10.
    torch.manual_seed(0)
    d = GaussianDiffusion(DiffusionConfig(steps=100))
    model = UNet3D(UNetConfig(**TINY))
    clip = _clip(batch=1).float().expand(4, -1, -1, -1, -1)
    mask = torch.zeros(4, 4, dtype=torch.bool)
    t_eval, noise_eval = torch.linspace(5, 95, 4).long(), torch.randn(4, 3, 4, 8, 8)

    def eval_loss():
        with torch.no_grad():
            return d.training_losses(model, clip, mask, t=t_eval, noise=noise_eval)["loss"].mean().item()

    before = eval_loss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(60):  # at most 600 steps: bounded by work, not by a clock a busy machine would fail
        if eval_loss() < before / 10:
            break
        for _ in range(10):
            loss = d.training_losses(model, clip, mask)["loss"].mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    assert eval_loss() < before / 10


def test_bad_names_and_shapes_raise_value_error():
    with pytest.raises(ValueError, match="DiffusionConfig.schedule: expected one of \\('linear', 'cosine'\\), got 'quad'"):
        DiffusionConfig(schedule="quad")
    with pytest.raises(ValueError, match="DiffusionConfig.prediction: expected one of"):
        DiffusionConfig.from_dict({"prediction": "score"})
    with pytest.raises(ValueError, match="unknown key 'step' \\(did you mean 'steps'\\?\\)"):
        DiffusionConfig.from_dict({"step": 10})
    with pytest.raises(ValueError, match="respacing: expected"):
        GaussianDiffusion(respacing="fast")
    d = GaussianDiffusion(DiffusionConfig(steps=10))
    with pytest.raises(ValueError, match=r"given_mask: expected bool \[2, 4\], got torch.bool \[2, 3\]"):
        d.training_losses(lambda x, t, m=None: x, _clip().float(), torch.zeros(2, 3, dtype=torch.bool))
    with pytest.raises(ValueError, match=r"model output: expected shape \[2, 3, 4, 8, 8\]"):
        d.training_losses(lambda x, t, m=None: torch.cat([x, x], 1), _clip().float(), None)
