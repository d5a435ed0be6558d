"""Frame metrics (PSNR, SSIM), the BAIR best-of-N protocol and the copy-last / mean-frame baselines.

Videos are float tensors in [-1, 1]; every metric maps them to [0, 1] first (data range 1), so
the numbers are those of skimage on [0, 1] images. Layouts follow the data sets: a clip is
[T, C, H, W], a batch of samples for many clips is [N_clips, N_samples, T, C, H, W].
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from einops import rearrange

SSIM_WINDOW = 11  # Wang et al. 2004: 11x11 Gaussian window, sigma 1.5
SSIM_SIGMA = 1.5
SSIM_K1 = 0.01
SSIM_K2 = 0.03
PSNR_MSE_FLOOR = 1e-10  # caps PSNR at 100 dB so identical frames stay finite (and JSON-safe)
_CHUNK_ELEMENTS = 1 << 24  # float64 working set per chunk of images (~1.6 GB peak for SSIM)


def _to_unit(x: torch.Tensor) -> torch.Tensor:
    """[-1, 1] -> [0, 1] in float64, so sums over many pixels stay exact enough."""
    return (x.to(torch.float64) + 1.0) / 2.0


def psnr(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """x, y: [..., C, H, W] in [-1, 1]; returns PSNR in dB on the [0, 1] range, shape [...].

    PSNR = 10 log10(1 / MSE), with the MSE floored at 1e-10 (at most 100 dB).
    """
    if x.shape != y.shape:
        raise ValueError(f"psnr: shapes differ: {tuple(x.shape)} vs {tuple(y.shape)}")
    mse = (_to_unit(x) - _to_unit(y)).square().mean(dim=(-3, -2, -1))
    return -10.0 * torch.log10(mse.clamp_min(PSNR_MSE_FLOOR))


def _gaussian_kernel(device: torch.device) -> torch.Tensor:
    """The normalised 1-D Gaussian taps of the SSIM window, float64 [SSIM_WINDOW]."""
    offsets = torch.arange(SSIM_WINDOW, dtype=torch.float64, device=device) - (SSIM_WINDOW - 1) / 2
    taps = torch.exp(-offsets.square() / (2 * SSIM_SIGMA**2))
    return taps / taps.sum()


def _filter_valid(maps: torch.Tensor) -> torch.Tensor:
    """maps: [M, 1, H, W]; separable Gaussian filter, 'valid' region only -> [M, 1, H-10, W-10].

    skimage filters with reflect padding and then crops (window-1)/2 pixels from each border
    before averaging, which leaves exactly the valid region: no padding mode to match.
    """
    taps = _gaussian_kernel(maps.device)
    maps = F.conv2d(maps, rearrange(taps, "k -> 1 1 k 1"))
    return F.conv2d(maps, rearrange(taps, "k -> 1 1 1 k"))


def ssim(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """x, y: [..., C, H, W] in [-1, 1]; returns mean SSIM per image, shape [...] (Wang et al. 2004).

    Matches skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5,
    use_sample_covariance=False, data_range=1, channel_axis=...): per channel, then averaged.
    """
    if x.shape != y.shape:
        raise ValueError(f"ssim: shapes differ: {tuple(x.shape)} vs {tuple(y.shape)}")
    height, width = x.shape[-2:]
    if min(height, width) < SSIM_WINDOW:
        raise ValueError(f"ssim: frames must be at least {SSIM_WINDOW}x{SSIM_WINDOW}, got {height}x{width}")
    x, y = _to_unit(x), _to_unit(y)
    stacked = torch.stack([x, y, x * x, y * y, x * y])  # [5, ..., C, H, W]
    filtered = _filter_valid(rearrange(stacked, "k ... h w -> (k ...) 1 h w"))
    filtered = filtered.reshape(5, *x.shape[:-2], *filtered.shape[-2:])  # [5, ..., C, H', W']
    mu_x, mu_y, e_xx, e_yy, e_xy = filtered.unbind(0)
    var_x, var_y = e_xx - mu_x.square(), e_yy - mu_y.square()
    cov_xy = e_xy - mu_x * mu_y
    c1, c2 = SSIM_K1**2, SSIM_K2**2  # (K * data_range)^2 with data_range 1
    numerator = (2 * mu_x * mu_y + c1) * (2 * cov_xy + c2)
    denominator = (mu_x.square() + mu_y.square() + c1) * (var_x + var_y + c2)
    return (numerator / denominator).mean(dim=(-3, -2, -1))


def _check_shapes(samples: torch.Tensor, truth: torch.Tensor) -> None:
    """Raise ValueError unless samples is [N_clips, N_samples, *truth.shape[1:]]."""
    if samples.dim() != 6 or truth.dim() != 5 or samples.shape[:1] + samples.shape[2:] != truth.shape:
        raise ValueError(
            "samples must be [N_clips, N_samples, T, C, H, W] and truth [N_clips, T, C, H, W], "
            f"got {tuple(samples.shape)} and {tuple(truth.shape)}"
        )


def frame_scores(samples: torch.Tensor, truth: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """samples: [N_clips, N_samples, T, C, H, W], truth: [N_clips, T, C, H, W]; returns
    (psnr, ssim), each float64 [N_clips, N_samples, T] on the CPU, computed in chunks of clips."""
    _check_shapes(samples, truth)
    per_clip = samples[0].numel()
    clips_per_chunk = max(1, _CHUNK_ELEMENTS // per_clip)
    psnr_chunks, ssim_chunks = [], []
    for start in range(0, samples.shape[0], clips_per_chunk):
        chunk = samples[start : start + clips_per_chunk]
        target = truth[start : start + clips_per_chunk].to(chunk.device).unsqueeze(1).expand_as(chunk)
        psnr_chunks.append(psnr(chunk, target).cpu())
        ssim_chunks.append(ssim(chunk, target).cpu())
    return torch.cat(psnr_chunks), torch.cat(ssim_chunks)


def _as_mask(given_mask: torch.Tensor | list[bool], frames: int) -> torch.Tensor:
    """given_mask as a CPU bool tensor [T], checked against the number of frames."""
    mask = torch.as_tensor(given_mask, dtype=torch.bool).cpu()
    if mask.shape != (frames,):
        raise ValueError(f"given_mask: expected shape ({frames},), got {tuple(mask.shape)}")
    return mask


def _rounded(values: torch.Tensor, digits: int) -> list[float]:
    """A float64 tensor as a list of rounded Python floats (NaN would be a bug: checked)."""
    if not torch.isfinite(values).all():
        raise ValueError("metrics: non-finite value; are the samples NaN?")
    return [round(float(v), digits) for v in values.reshape(-1)]


def _summarise(scores: torch.Tensor, digits: int) -> dict[str, object]:
    """scores: [N_clips, N_samples, P] over predicted frames -> mean-of-N and best-of-N summaries."""
    per_sample = scores.mean(dim=-1)  # [N_clips, N_samples]
    best = per_sample.argmax(dim=1)  # the best sample of each clip, by its mean over predicted frames
    best_frames = scores[torch.arange(scores.shape[0]), best]  # [N_clips, P]
    return {
        "mean": _rounded(scores.mean(), digits)[0],
        "best": _rounded(best_frames.mean(), digits)[0],
        "frame_mean": _rounded(scores.mean(dim=(0, 1)), digits),
        "frame_best": _rounded(best_frames.mean(dim=0), digits),
    }


def evaluate_predictions(
    samples: torch.Tensor, truth: torch.Tensor, given_mask: torch.Tensor | list[bool]
) -> dict[str, object]:
    """The BAIR protocol: PSNR/SSIM over the predicted (non-given) frames, mean-of-N and best-of-N.

    samples: [N_clips, N_samples, T, C, H, W], truth: [N_clips, T, C, H, W], both in [-1, 1];
    given_mask: bool [T], True = frame given. Best-of-N picks, per clip and per metric, the sample
    with the best mean over predicted frames (Babaeizadeh et al. 2018, Denton & Fergus 2018).
    Returns JSON-ready floats (PSNR in dB to 3 decimals, SSIM to 4): {"psnr", "ssim", "psnr_best",
    "ssim_best", "clips", "samples", "per_frame": {"frame", "psnr_mean", "psnr_best", "ssim_mean",
    "ssim_best"}}, where per_frame lists are indexed like per_frame["frame"] (predicted frames only).
    """
    _check_shapes(samples, truth)
    mask = _as_mask(given_mask, truth.shape[1])
    if bool(mask.all()):
        raise ValueError("given_mask: every frame is given, nothing to evaluate")
    psnr_all, ssim_all = frame_scores(samples, truth)
    predicted = ~mask
    psnr_summary = _summarise(psnr_all[:, :, predicted], 3)
    ssim_summary = _summarise(ssim_all[:, :, predicted], 4)
    return {
        "psnr": psnr_summary["mean"],
        "ssim": ssim_summary["mean"],
        "psnr_best": psnr_summary["best"],
        "ssim_best": ssim_summary["best"],
        "clips": int(samples.shape[0]),
        "samples": int(samples.shape[1]),
        "per_frame": {
            "frame": [int(i) for i in predicted.nonzero().flatten()],
            "psnr_mean": psnr_summary["frame_mean"],
            "psnr_best": psnr_summary["frame_best"],
            "ssim_mean": ssim_summary["frame_mean"],
            "ssim_best": ssim_summary["frame_best"],
        },
    }


def copy_last_baseline(truth: torch.Tensor, given_mask: torch.Tensor | list[bool]) -> torch.Tensor:
    """truth: [N_clips, T, C, H, W]; each frame becomes the latest given frame at or before it
    (frames before the first given one copy that first given frame). Same shape as truth."""
    mask = _as_mask(given_mask, truth.shape[1])
    if not bool(mask.any()):
        raise ValueError("copy_last_baseline: no frame is given")
    positions = torch.arange(mask.shape[0])
    latest = torch.where(mask, positions, -1).cummax(dim=0).values  # [T], -1 before the first given
    source = torch.where(latest < 0, positions[mask][0], latest)
    return truth[:, source.to(truth.device)]


def mean_frame_baseline(truth: torch.Tensor, given_mask: torch.Tensor | list[bool]) -> torch.Tensor:
    """truth: [N_clips, T, C, H, W]; every frame becomes the mean of the given frames."""
    mask = _as_mask(given_mask, truth.shape[1])
    if not bool(mask.any()):
        raise ValueError("mean_frame_baseline: no frame is given")
    mean = truth[:, mask.to(truth.device)].mean(dim=1, keepdim=True)  # [N_clips, 1, C, H, W]
    return mean.expand_as(truth)


def evaluate_baselines(truth: torch.Tensor, given_mask: torch.Tensor | list[bool]) -> dict[str, dict]:
    """Copy-last and mean-frame baselines scored like the model; {} when no frame is given."""
    mask = _as_mask(given_mask, truth.shape[1])
    if not bool(mask.any()):
        return {}
    baselines = {"copy_last": copy_last_baseline, "mean_frame": mean_frame_baseline}
    return {
        name: evaluate_predictions(make(truth, mask).unsqueeze(1), truth, mask)
        for name, make in baselines.items()
    }

