"""Samplers over any given-frame mask: DDPM and DDIM steps, RePaint-style resampling, long videos.

Noise: every random draw comes from `generator` on the generator's own device and is then moved to
the clips' device, so a CPU generator gives the same samples on any device (None: the global RNG of
the clips' device). Given frames (given_mask [B, T], True = given) come out exactly equal to x_given.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from tqdm.auto import tqdm

from vdiff.diffusion import GaussianDiffusion, Model
from vdiff.masking import predict

Callback = Callable[[dict], None]


def _randn(like: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    """Standard normal noise shaped like `like`, drawn from `generator` on its device, then moved."""
    if generator is None:
        return torch.randn_like(like)
    # CPU noise for a GPU clip goes through pinned memory: the copy is then truly asynchronous, so drawing
    # the next step's noise overlaps the GPU's work instead of waiting for it (a pageable copy syncs).
    pin = generator.device.type == "cpu" and like.device.type == "cuda"
    noise = torch.randn(like.shape, generator=generator, device=generator.device, dtype=like.dtype, pin_memory=pin)
    return noise.to(like.device, non_blocking=True)


def _resolve_steps(diffusion: GaussianDiffusion, sampler: str, steps: int | str | Sequence[int] | None):
    """The diffusion to walk: the given one, or the original chain respaced to `steps`."""
    if steps is None:
        return diffusion
    if isinstance(steps, int):
        if not 1 <= steps <= diffusion.config.steps:
            raise ValueError(f"steps: expected 1..{diffusion.config.steps}, got {steps}")
        steps = f"ddim{steps}" if sampler == "ddim" else str(steps)
    return diffusion.respace(steps)


def _check_inputs(x_given: torch.Tensor, given_mask: torch.Tensor, sampler: str, conditioning: str,
                  resample: int) -> None:
    if x_given.ndim != 5:
        raise ValueError(f"sample x_given: expected [B, C, T, H, W], got {list(x_given.shape)}")
    if given_mask.shape != (x_given.shape[0], x_given.shape[2]) or given_mask.dtype != torch.bool:
        raise ValueError(
            f"sample given_mask: expected bool [{x_given.shape[0]}, {x_given.shape[2]}], "
            f"got {given_mask.dtype} {list(given_mask.shape)}"
        )
    if sampler not in ("ddpm", "ddim"):
        raise ValueError(f"sample sampler: expected 'ddpm' or 'ddim', got {sampler!r}")
    if conditioning not in ("model", "replacement"):
        raise ValueError(f"sample conditioning: expected 'model' or 'replacement', got {conditioning!r}")
    if not isinstance(resample, int) or resample < 1:
        raise ValueError(f"sample resample: expected an int >= 1, got {resample!r}")


def ddpm_step(model: Model, diffusion: GaussianDiffusion, x_t: torch.Tensor, t: torch.Tensor,
              given_mask: torch.Tensor | None, noise: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One ancestral step x_t -> x_{t-1} ~ p(x_{t-1} | x_t) (Ho et al. 2020, Alg. 2); returns (x_prev, x0_pred)."""
    out = diffusion.p_mean_variance(model, x_t, t, given_mask)
    nonzero = (t != 0).to(out["mean"].dtype).reshape(-1, *([1] * (x_t.ndim - 1)))  # no noise at t = 0
    return out["mean"] + nonzero * torch.exp(0.5 * out["log_variance"]) * noise, out["x0_pred"]


def ddim_step(model: Model, diffusion: GaussianDiffusion, x_t: torch.Tensor, t: torch.Tensor,
              given_mask: torch.Tensor | None, noise: torch.Tensor | None, *, eta: float = 0.0):
    """One DDIM step x_t -> x_{t-1} (Song et al. 2021, eq. 12); eta=0 is deterministic. Returns (x_prev, x0_pred)."""
    out = diffusion.p_mean_variance(model, x_t, t, given_mask)
    x0_pred, eps = out["x0_pred"], out["eps_pred"]
    alpha_bar = diffusion.extract("alphas_cumprod", t, x0_pred)
    alpha_bar_prev = diffusion.extract("alphas_cumprod_prev", t, x0_pred)
    sigma = eta * ((1 - alpha_bar_prev) / (1 - alpha_bar) * (1 - alpha_bar / alpha_bar_prev)).sqrt()
    x_prev = alpha_bar_prev.sqrt() * x0_pred + (1 - alpha_bar_prev - sigma**2).clamp(min=0).sqrt() * eps
    if eta > 0 and noise is not None:
        x_prev = x_prev + sigma * noise  # sigma is 0 at t = 0
    return x_prev, x0_pred


def _renoise(diffusion: GaussianDiffusion, x_prev: torch.Tensor, t: torch.Tensor, noise: torch.Tensor):
    """x_{t-1} -> x_t ~ q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I): a RePaint resampling jump."""
    beta = diffusion.extract("betas", t, x_prev)
    return (1 - beta).sqrt() * x_prev + beta.sqrt() * noise


def sample(model: Model, diffusion: GaussianDiffusion, x_given: torch.Tensor, given_mask: torch.Tensor, *,
           sampler: str = "ddim", steps: int | str | Sequence[int] | None = None, eta: float = 0.0,
           resample: int = 1, conditioning: str = "model", generator: torch.Generator | None = None,
           progress: bool = True, callback: Callback | None = None) -> torch.Tensor:
    """Sample the non-given frames of x_given [B, C, T, H, W] (values there are ignored) -> [B, C, T, H, W].

    conditioning="model": the model sees the clean given frames and given_mask (RaMViD's conditional
    training). "replacement": an unconditional model sees the given frames noised to the current t
    (q_sample), with `resample` re-noise/denoise rounds per step (RePaint, Lugmayr et al. 2022).
    steps: None walks `diffusion` as it is; an int N respaces the original chain ("ddimN" for DDIM).
    callback receives dict(step, t, x, x0_pred) after every step.
    """
    _check_inputs(x_given, given_mask, sampler, conditioning, resample)
    chain = _resolve_steps(diffusion, sampler, steps)
    x_given, given_mask = x_given.float(), given_mask.to(x_given.device)
    keep = given_mask[:, None, :, None, None]  # [B, 1, T, 1, 1]
    model_mask = given_mask if conditioning == "model" else None
    x = _randn(x_given, generator)
    indices = range(chain.num_timesteps - 1, -1, -1)
    for step, i in enumerate(tqdm(indices, disable=not progress, desc=f"{sampler} sampling", leave=False)):
        t = torch.full((x.shape[0],), i, device=x.device, dtype=torch.long)
        rounds = resample if i > 0 else 1  # nothing to resample after the last step
        for round_ in range(rounds):
            known = x_given if conditioning == "model" else chain.q_sample(x_given, t, _randn(x_given, generator))
            x_in = torch.where(keep, known, x)
            noise = _randn(x_given, generator) if sampler == "ddpm" or eta > 0 else None
            if sampler == "ddpm":
                x_prev, x0_pred = ddpm_step(model, chain, x_in, t, model_mask, noise)
            else:
                x_prev, x0_pred = ddim_step(model, chain, x_in, t, model_mask, noise, eta=eta)
            if round_ < rounds - 1:
                x = _renoise(chain, x_prev, t, _randn(x_given, generator))
        x = x_prev
        if callback is not None:
            callback(dict(step=step, t=i, x=torch.where(keep, x_given, x), x0_pred=x0_pred))
    return torch.where(keep, x_given, x)


def sample_autoregressive(model: Model, diffusion: GaussianDiffusion, x_given: torch.Tensor, n_given: int, *,
                          chunk: int = 1, **kw) -> torch.Tensor:
    """Predict frames n_given..T-1 of x_given [B, C, T, H, W] `chunk` at a time, each chunk conditioned on
    every frame before it (the reference page's autoregressive experiment); kw go to `sample`."""
    batch, frames = x_given.shape[0], x_given.shape[2]
    if not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"sample_autoregressive chunk: expected an int >= 1, got {chunk!r}")
    if not 1 <= n_given < frames:
        raise ValueError(f"sample_autoregressive n_given: expected 1..{frames - 1}, got {n_given}")
    video = x_given.float().clone()
    for start in range(n_given, frames, chunk):
        mask = predict(batch, frames, start, device=x_given.device)
        out = sample(model, diffusion, video, mask, **kw)
        video[:, :, start:start + chunk] = out[:, :, start:start + chunk]
    return video


def sample_long(model: Model, diffusion: GaussianDiffusion, x_given: torch.Tensor, *, total_frames: int,
                window: int, overlap: int, **kw) -> torch.Tensor:
    """Extend x_given [B, C, k, H, W] (k <= window) to total_frames by sliding windows of `window`
    frames, each conditioned on the last `overlap` frames made so far; kw go to `sample`."""
    batch, known = x_given.shape[0], x_given.shape[2]
    if not 1 <= overlap < window:
        raise ValueError(f"sample_long overlap: expected 1..{window - 1} (window - 1), got {overlap}")
    if not 1 <= known <= window:
        raise ValueError(f"sample_long x_given: expected 1..{window} frames (window), got {known}")
    if total_frames < known:
        raise ValueError(f"sample_long total_frames: expected >= {known} (given frames), got {total_frames}")
    video = x_given.float()
    n_given = known
    while video.shape[2] < total_frames:
        context = video[:, :, video.shape[2] - n_given:]
        pad = context.new_zeros(*context.shape[:2], window - n_given, *context.shape[3:])
        out = sample(model, diffusion, torch.cat([context, pad], dim=2),
                     predict(batch, window, n_given, device=x_given.device), **kw)
        video = torch.cat([video, out[:, :, n_given:]], dim=2)
        n_given = overlap
    return video[:, :, :total_frames]
