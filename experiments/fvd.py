"""Fréchet Video Distance (Unterthiner et al. 2018): I3D features of real and generated clips,
a Gaussian fitted to each, and the Fréchet distance between the two Gaussians."""
from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from einops import rearrange

from experiments.i3d import I3D, load_i3d

FVD_SKIPPED = "FVD skipped: eval.i3d_weights not set"
I3D_RESOLUTION = 224


def preprocess_for_i3d(videos: torch.Tensor, *, resolution: int = I3D_RESOLUTION) -> torch.Tensor:
    """videos: [N, T, C, H, W] in [-1, 1], C in {1, 3} -> [N, 3, T, resolution, resolution] in [-1, 1].

    Frames are resized bilinearly (as the TF FVD code does) and grey frames repeated to RGB;
    I3D takes RGB in [-1, 1], our range already.
    """
    if videos.dim() != 5 or videos.shape[2] not in (1, 3):
        raise ValueError(f"FVD videos: expected [N, T, C, H, W] with C 1 or 3, got {tuple(videos.shape)}")
    frames = rearrange(videos.float(), "n t c h w -> (n t) c h w")
    frames = F.interpolate(frames, size=(resolution, resolution), mode="bilinear", align_corners=False)
    frames = frames.clamp(-1, 1).expand(-1, 3, -1, -1)  # grey -> RGB; a no-op for RGB
    return rearrange(frames, "(n t) c h w -> n c t h w", n=videos.shape[0])


@torch.no_grad()
def i3d_features(model: I3D, videos: torch.Tensor, *, batch_size: int = 16,
                 resolution: int = I3D_RESOLUTION) -> torch.Tensor:
    """videos: [N, T, C, H, W] in [-1, 1]; returns float64 I3D logits [N, 400] on the CPU.

    Runs on the model's device, batch_size clips at a time (resizing happens per batch).
    """
    device = next(model.parameters()).device
    outputs = []
    for start in range(0, videos.shape[0], batch_size):
        batch = preprocess_for_i3d(videos[start : start + batch_size].to(device), resolution=resolution)
        outputs.append(model(batch).to(torch.float64).cpu())
    return torch.cat(outputs)


def feature_statistics(features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """features: [N, D] with N >= 2; returns the mean [D] and unbiased covariance [D, D], float64."""
    if features.dim() != 2 or features.shape[0] < 2:
        raise ValueError(f"FVD: need features [N >= 2, D], got {tuple(features.shape)}")
    features = features.to(torch.float64)
    return features.mean(dim=0), torch.cov(features.T)


def _sqrt_psd(matrix: torch.Tensor) -> torch.Tensor:
    """Symmetric square root of a symmetric positive semi-definite matrix via eigh."""
    eigenvalues, eigenvectors = torch.linalg.eigh(matrix)
    return (eigenvectors * eigenvalues.clamp_min(0).sqrt()) @ eigenvectors.T


def frechet_distance(mu1: torch.Tensor, sigma1: torch.Tensor, mu2: torch.Tensor,
                     sigma2: torch.Tensor) -> float:
    """Fréchet distance between N(mu1, sigma1) and N(mu2, sigma2) (Dowson & Landau 1982):
    |mu1 - mu2|^2 + tr(sigma1) + tr(sigma2) - 2 tr((sigma1 sigma2)^(1/2)).

    tr((S1 S2)^(1/2)) is computed as tr((S1^(1/2) S2 S1^(1/2))^(1/2)), the same eigenvalues but a
    symmetric PSD matrix, so float64 eigh is stable where a general sqrtm can go complex.
    Tiny negative round-off is clipped to 0.
    """
    mu1, mu2 = mu1.to(torch.float64), mu2.to(torch.float64)
    sigma1 = sigma1.to(torch.float64)
    sigma2 = sigma2.to(torch.float64)
    if mu1.shape != mu2.shape or sigma1.shape != sigma2.shape or sigma1.shape != (*mu1.shape, *mu1.shape):
        raise ValueError(
            f"frechet_distance: shapes mu {tuple(mu1.shape)}, {tuple(mu2.shape)} and sigma "
            f"{tuple(sigma1.shape)}, {tuple(sigma2.shape)} do not fit"
        )
    root1 = _sqrt_psd((sigma1 + sigma1.T) / 2)
    middle = root1 @ sigma2 @ root1
    trace_covmean = torch.linalg.eigvalsh((middle + middle.T) / 2).clamp_min(0).sqrt().sum()
    distance = (mu1 - mu2).square().sum() + sigma1.trace() + sigma2.trace() - 2 * trace_covmean
    return max(float(distance), 0.0)


def _default_device() -> torch.device:
    """The first CUDA device when there is one (chosen at run time), else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def compute_fvd(fake: torch.Tensor, real: torch.Tensor, *, i3d_weights: str | Path | None,
                device: str | torch.device | None = None, batch_size: int = 16,
                resolution: int = I3D_RESOLUTION) -> float | None:
    """FVD between fake [N1, T, C, H, W] and real [N2, T, C, H, W] clips in [-1, 1].

    Returns None when i3d_weights is None or empty (the caller prints FVD_SKIPPED); raises
    I3DWeightsError when the file is missing or does not fit. The protocol uses T = 16 frames,
    the conditioning frames included, at 224x224 (resolution exists so tests stay small).
    """
    if i3d_weights is None or str(i3d_weights) == "":
        return None
    model = load_i3d(i3d_weights, device=device or _default_device())
    mu_fake, sigma_fake = feature_statistics(
        i3d_features(model, fake, batch_size=batch_size, resolution=resolution)
    )
    mu_real, sigma_real = feature_statistics(
        i3d_features(model, real, batch_size=batch_size, resolution=resolution)
    )
    return frechet_distance(mu_fake, sigma_fake, mu_real, sigma_real)
