"""Fréchet distance against closed forms; FVD preprocessing and the end-to-end pipeline."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from experiments import fvd, i3d


def test_identical_distributions_are_at_distance_zero():
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(6, 6, generator=generator, dtype=torch.float64)
    sigma = a @ a.T
    mu = torch.randn(6, generator=generator, dtype=torch.float64)
    assert fvd.frechet_distance(mu, sigma, mu, sigma) == pytest.approx(0.0, abs=1e-9)


def test_diagonal_covariances_have_the_closed_form():
    mu1, mu2 = torch.tensor([0.0, 1.0, 2.0]), torch.tensor([1.0, 1.0, 0.0])
    var1, var2 = torch.tensor([1.0, 4.0, 0.25]), torch.tensor([9.0, 1.0, 0.25])
    expected = 1 + 0 + 4 + (1 - 3) ** 2 + (2 - 1) ** 2 + 0  # |dmu|^2 + sum (sqrt v1 - sqrt v2)^2
    got = fvd.frechet_distance(mu1, torch.diag(var1), mu2, torch.diag(var2))
    assert got == pytest.approx(expected, abs=1e-9)


def test_non_commuting_2x2_covariances_have_the_closed_form():
    # For 2x2 PSD products: tr sqrt(S1 S2) = sqrt(tr(S1 S2) + 2 sqrt(det S1 det S2)).
    s1 = torch.tensor([[2.0, 0.8], [0.8, 1.0]], dtype=torch.float64)
    s2 = torch.tensor([[1.0, -0.3], [-0.3, 3.0]], dtype=torch.float64)
    mu1, mu2 = torch.tensor([0.5, -1.0]), torch.tensor([0.0, 0.0])
    covmean_trace = math.sqrt(float((s1 @ s2).trace()) + 2 * math.sqrt(float(s1.det() * s2.det())))
    expected = 1.25 + float(s1.trace() + s2.trace()) - 2 * covmean_trace
    assert fvd.frechet_distance(mu1, s1, mu2, s2) == pytest.approx(expected, abs=1e-9)


def test_singular_covariances_stay_finite_and_non_negative():
    features = torch.randn(3, 16, generator=torch.Generator().manual_seed(1))  # rank 2 of 16
    mu, sigma = fvd.feature_statistics(features)
    assert fvd.frechet_distance(mu, sigma, mu, sigma) == pytest.approx(0.0, abs=1e-6)
    assert math.isfinite(fvd.frechet_distance(mu, sigma, mu + 1, sigma * 2))


def test_feature_statistics_match_numpy():
    features = torch.randn(10, 4, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    mu, sigma = fvd.feature_statistics(features)
    np.testing.assert_allclose(mu.numpy(), features.numpy().mean(axis=0))
    np.testing.assert_allclose(sigma.numpy(), np.cov(features.numpy(), rowvar=False))
    with pytest.raises(ValueError, match=r"need features \[N >= 2, D\], got \(1, 4\)"):
        fvd.feature_statistics(features[:1])


def test_preprocessing_resizes_to_224_and_makes_grey_rgb():
    videos = torch.rand(2, 4, 1, 16, 16) * 2 - 1  # [N, T, C=1, H, W]
    batch = fvd.preprocess_for_i3d(videos)
    assert batch.shape == (2, 3, 4, 224, 224)
    assert torch.equal(batch[:, 0], batch[:, 2]) and batch.abs().max() <= 1


def test_fvd_is_skipped_without_weights():
    videos = torch.zeros(2, 4, 3, 8, 8)
    assert fvd.compute_fvd(videos, videos, i3d_weights=None) is None
    assert fvd.compute_fvd(videos, videos, i3d_weights="") is None
    assert fvd.FVD_SKIPPED == "FVD skipped: eval.i3d_weights not set"


def test_fvd_end_to_end_with_random_weights(tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "i3d.pt"
    torch.save(i3d.I3D().state_dict(), path)
    generator = torch.Generator().manual_seed(3)
    real = torch.rand(3, 8, 3, 16, 16, generator=generator) * 2 - 1
    fake = torch.rand(3, 8, 3, 16, 16, generator=generator) * 2 - 1
    kwargs = {"i3d_weights": path, "device": "cpu", "batch_size": 2, "resolution": 32}
    assert fvd.compute_fvd(real, real, **kwargs) == pytest.approx(0.0, abs=1e-6)
    assert fvd.compute_fvd(fake, real, **kwargs) > 0.0
