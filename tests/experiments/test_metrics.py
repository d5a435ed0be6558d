"""PSNR/SSIM against closed forms and a direct numpy SSIM; the BAIR protocol; the baselines."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from experiments import metrics


def _reference_ssim(x: np.ndarray, y: np.ndarray) -> float:
    """Direct SSIM of [C, H, W] images in [0, 1]: weighted window statistics at every valid
    position, Gaussian 11x11 sigma 1.5, population (co)variances, mean over positions then channels."""
    offsets = np.arange(11) - 5.0
    taps = np.exp(-(offsets**2) / (2 * 1.5**2))
    weights = np.outer(taps, taps) / np.outer(taps, taps).sum()
    c1, c2 = 0.01**2, 0.03**2
    per_channel = []
    for cx, cy in zip(x, y):
        values = []
        for i in range(cx.shape[0] - 10):
            for j in range(cx.shape[1] - 10):
                px, py = cx[i : i + 11, j : j + 11], cy[i : i + 11, j : j + 11]
                mx, my = (weights * px).sum(), (weights * py).sum()
                vx, vy = (weights * (px - mx) ** 2).sum(), (weights * (py - my) ** 2).sum()
                cov = (weights * (px - mx) * (py - my)).sum()
                values.append(
                    (2 * mx * my + c1) * (2 * cov + c2) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
                )
        per_channel.append(np.mean(values))
    return float(np.mean(per_channel))


def _unit_to_signed(x: torch.Tensor) -> torch.Tensor:
    """[0, 1] -> [-1, 1], the range the metrics take."""
    return x * 2 - 1


def test_psnr_of_a_known_mse():
    truth = torch.zeros(2, 3, 16, 16)
    offset = torch.full_like(truth, 0.1)
    offset[..., ::2, :] = 0.0  # half the pixels off by 0.1 -> MSE = 0.01 / 2
    got = metrics.psnr(_unit_to_signed(truth + offset), _unit_to_signed(truth))
    assert got.shape == (2,)
    torch.testing.assert_close(got, torch.full((2,), -10 * math.log10(0.005), dtype=torch.float64))


def test_psnr_of_identical_frames_is_capped_at_100_db():
    x = torch.rand(4, 3, 12, 12) * 2 - 1
    assert torch.equal(metrics.psnr(x, x), torch.full((4,), 100.0, dtype=torch.float64))


def test_ssim_of_identical_images_is_one():
    x = torch.rand(3, 2, 3, 16, 16) * 2 - 1
    torch.testing.assert_close(metrics.ssim(x, x), torch.ones(3, 2, dtype=torch.float64))


def test_ssim_of_constant_images_has_the_luminance_closed_form():
    a, b = 0.3, 0.7  # zero variance: the contrast-structure term is c2 / c2 = 1
    x = torch.full((1, 16, 16), a)
    y = torch.full((1, 16, 16), b)
    c1 = 0.01**2
    expected = (2 * a * b + c1) / (a * a + b * b + c1)
    got = metrics.ssim(_unit_to_signed(x), _unit_to_signed(y))
    assert float(got) == pytest.approx(expected, abs=1e-6)


def test_ssim_matches_a_direct_numpy_implementation():
    generator = torch.Generator().manual_seed(0)
    x = torch.rand(2, 3, 16, 18, generator=generator)
    y = (x + 0.2 * torch.randn(x.shape, generator=generator)).clamp(0, 1)
    got = metrics.ssim(_unit_to_signed(x), _unit_to_signed(y))
    expected = [_reference_ssim(x[i].double().numpy(), y[i].double().numpy()) for i in range(2)]
    np.testing.assert_allclose(got.numpy(), expected, atol=1e-6)
    assert 0.2 < min(expected) < 0.95  # a non-trivial case


def test_ssim_matches_a_value_from_skimage():
    # skimage 0.26.0 structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
    # use_sample_covariance=False, data_range=1, channel_axis=0) on these arrays: 0.9216130059056052
    c, h, w = np.meshgrid(np.arange(3), np.arange(16), np.arange(19), indexing="ij")
    x = 0.5 + 0.4 * np.sin(0.7 * h + 0.3 * w + c)
    y = np.clip(0.8 * x + 0.1 + 0.1 * np.cos(1.3 * h * w + 2 * c), 0, 1)
    got = metrics.ssim(torch.from_numpy(x) * 2 - 1, torch.from_numpy(y) * 2 - 1)
    assert float(got) == pytest.approx(0.9216130059056052, abs=1e-9)


def test_ssim_rejects_frames_smaller_than_the_window():
    x = torch.zeros(1, 3, 8, 8)
    with pytest.raises(ValueError, match="at least 11x11, got 8x8"):
        metrics.ssim(x, x)


def _clips(n_clips=2, frames=4, size=12, seed=0) -> torch.Tensor:
    """Random truth clips [N_clips, T, C, H, W] in [-1, 1]."""
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(n_clips, frames, 3, size, size, generator=generator) * 2 - 1


def test_evaluate_predictions_best_and_mean_of_n():
    truth = _clips()
    given = torch.tensor([True, False, False, False])
    noise = torch.randn(2, 3, *truth.shape[1:], generator=torch.Generator().manual_seed(1))
    scales = torch.tensor([0.3, 0.05, 0.6]).view(1, 3, 1, 1, 1, 1)  # sample 1 is closest
    samples = (truth.unsqueeze(1) + scales * noise).clamp(-1, 1)
    result = metrics.evaluate_predictions(samples, truth, given)
    psnr, ssim = metrics.frame_scores(samples, truth)
    assert result["psnr"] == pytest.approx(float(psnr[:, :, 1:].mean()), abs=1e-3)
    assert result["psnr_best"] == pytest.approx(float(psnr[:, 1, 1:].mean()), abs=1e-3)
    assert result["ssim_best"] == pytest.approx(float(ssim[:, 1, 1:].mean()), abs=1e-4)
    assert result["psnr_best"] > result["psnr"] and result["ssim_best"] > result["ssim"]
    per_frame = result["per_frame"]
    assert per_frame["frame"] == [1, 2, 3]
    assert [len(per_frame[k]) for k in ("psnr_mean", "psnr_best", "ssim_mean", "ssim_best")] == [3] * 4
    assert per_frame["psnr_best"][0] == pytest.approx(float(psnr[:, 1, 1].mean()), abs=1e-3)
    assert (result["clips"], result["samples"]) == (2, 3)
    json.dumps(result, allow_nan=False)


def test_evaluate_predictions_ignores_given_frames_and_stays_finite():
    truth = _clips()
    samples = truth.unsqueeze(1).clone()
    samples[:, :, 0] = -truth[:, 0].unsqueeze(1)  # ruin the given frame only
    result = metrics.evaluate_predictions(samples, truth, [True, False, False, False])
    assert result["psnr"] == 100.0 and result["ssim"] == 1.0
    json.dumps(result, allow_nan=False)


def test_evaluate_predictions_errors_name_the_problem():
    truth = _clips()
    with pytest.raises(ValueError, match=r"given_mask: expected shape \(4,\), got \(3,\)"):
        metrics.evaluate_predictions(truth.unsqueeze(1), truth, [True, False, False])
    with pytest.raises(ValueError, match="every frame is given"):
        metrics.evaluate_predictions(truth.unsqueeze(1), truth, [True] * 4)
    with pytest.raises(ValueError, match="samples must be"):
        metrics.evaluate_predictions(truth, truth, [True, False, False, False])


def test_copy_last_baseline_copies_the_latest_given_frame():
    truth = torch.arange(5.0).view(1, 5, 1, 1, 1).expand(1, 5, 1, 2, 2)
    given = torch.tensor([False, True, False, True, False])
    copied = metrics.copy_last_baseline(truth, given)
    assert copied[0, :, 0, 0, 0].tolist() == [1.0, 1.0, 1.0, 3.0, 3.0]


def test_mean_frame_baseline_averages_given_frames():
    truth = torch.arange(4.0).view(1, 4, 1, 1, 1).expand(2, 4, 1, 2, 2)
    baseline = metrics.mean_frame_baseline(truth, [True, True, False, False])
    assert torch.equal(baseline, torch.full_like(truth, 0.5))


def test_baselines_are_perfect_on_a_static_video_and_skip_generation():
    truth = _clips(frames=1).expand(2, 5, 3, 12, 12)
    given = [True, False, False, False, False]
    result = metrics.evaluate_baselines(truth, given)
    assert set(result) == {"copy_last", "mean_frame"}
    assert result["copy_last"]["psnr"] == 100.0 and result["mean_frame"]["ssim"] == 1.0
    assert result["copy_last"]["samples"] == 1
    assert metrics.evaluate_baselines(truth, [False] * 5) == {}
