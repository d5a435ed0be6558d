"""Gaussian diffusion (Ho et al. 2020; Nichol & Dhariwal 2021) with given-frame masks for video.

Math is rank-agnostic ([B, ...]); the given-frame mask needs [B, C, T, H, W] and is bool [B, T].
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import torch

from vdiff.config_keys import check_keys
from vdiff.respace import respaced_betas, space_timesteps

Model = Callable[..., torch.Tensor]

SCHEDULES = ("linear", "cosine")
PREDICTIONS = ("eps", "v", "x0")
VARIANCES = ("fixed_small", "fixed_large", "learned_range")
LOSSES = ("mse", "hybrid")


@dataclass(frozen=True)
class DiffusionConfig:
    """The forward process and what the model predicts; defaults are the reference (linear, 1000, eps, MSE)."""

    steps: int = 1000
    schedule: Literal["linear", "cosine"] = "linear"
    prediction: Literal["eps", "v", "x0"] = "eps"
    variance: Literal["fixed_small", "fixed_large", "learned_range"] = "fixed_small"
    loss: Literal["mse", "hybrid"] = "mse"
    vlb_weight: float = 0.001  # lambda of L_hybrid = L_simple + lambda * L_vlb

    def __post_init__(self) -> None:
        if not isinstance(self.steps, int) or self.steps < 1:
            raise ValueError(f"DiffusionConfig.steps: expected a positive int, got {self.steps!r}")
        for name, allowed in (("schedule", SCHEDULES), ("prediction", PREDICTIONS),
                              ("variance", VARIANCES), ("loss", LOSSES)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"DiffusionConfig.{name}: expected one of {allowed}, got {getattr(self, name)!r}")
        if self.loss == "hybrid" and self.variance != "learned_range":
            raise ValueError(f"DiffusionConfig.loss: 'hybrid' needs variance 'learned_range', got {self.variance!r}")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DiffusionConfig:
        """Build a config from a plain dict, rejecting unknown keys with a suggestion."""
        check_keys(cls, d)
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for YAML/JSON and checkpoints."""
        return dataclasses.asdict(self)


def linear_betas(steps: int) -> torch.Tensor:
    """Ho et al. 2020 schedule 1e-4..0.02 for 1000 steps, scaled by 1000/steps for other lengths."""
    scale = 1000.0 / steps
    return torch.linspace(scale * 1e-4, scale * 0.02, steps, dtype=torch.float64)


def cosine_betas(steps: int, *, max_beta: float = 0.999) -> torch.Tensor:
    """Nichol & Dhariwal 2021 eq. 17: alpha_bar(t) = cos^2((t/T + s)/(1 + s) * pi/2), s = 0.008."""
    def alpha_bar(t: float) -> float:
        return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2

    betas = [min(1 - alpha_bar((i + 1) / steps) / alpha_bar(i / steps), max_beta) for i in range(steps)]
    return torch.tensor(betas, dtype=torch.float64)


def make_betas(schedule: str, steps: int) -> torch.Tensor:
    """Betas [steps] (float64) of a named schedule."""
    if schedule == "linear":
        return linear_betas(steps)
    if schedule == "cosine":
        return cosine_betas(steps)
    raise ValueError(f"schedule: expected one of {SCHEDULES}, got {schedule!r}")


def masked_mean(values: torch.Tensor, given_mask: torch.Tensor | None) -> torch.Tensor:
    """Mean over the non-given frames of values [B, C, T, H, W] -> [B]; 0 where every frame is given."""
    if given_mask is None:
        return values.mean(dim=tuple(range(1, values.ndim)))
    weight = (~given_mask).to(values.dtype)[:, None, :, None, None]  # [B, 1, T, 1, 1]
    total = (values * weight).sum(dim=(1, 2, 3, 4))
    count = weight.sum(dim=(1, 2, 3, 4)) * (values.shape[1] * values.shape[3] * values.shape[4])
    return total / count.clamp(min=1.0)


def normal_kl(mean1, logvar1, mean2, logvar2) -> torch.Tensor:
    """KL(N(mean1, e^logvar1) || N(mean2, e^logvar2)), elementwise, in nats."""
    return 0.5 * (-1.0 + logvar2 - logvar1 + torch.exp(logvar1 - logvar2)
                  + (mean1 - mean2) ** 2 * torch.exp(-logvar2))


def discretized_gaussian_log_likelihood(x: torch.Tensor, mean: torch.Tensor, log_scale: torch.Tensor) -> torch.Tensor:
    """Log-likelihood of 8-bit data x in [-1, 1] under a discretised Gaussian (Ho et al. 2020, eq. 13)."""
    def cdf(v: torch.Tensor) -> torch.Tensor:
        return 0.5 * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (v + 0.044715 * v**3)))

    centered = x - mean
    inv_std = torch.exp(-log_scale)
    cdf_plus = cdf(inv_std * (centered + 1.0 / 255.0))
    cdf_min = cdf(inv_std * (centered - 1.0 / 255.0))
    log_cdf_plus = torch.log(cdf_plus.clamp(min=1e-12))
    log_one_minus_cdf_min = torch.log((1.0 - cdf_min).clamp(min=1e-12))
    log_delta = torch.log((cdf_plus - cdf_min).clamp(min=1e-12))
    return torch.where(x < -0.999, log_cdf_plus, torch.where(x > 0.999, log_one_minus_cdf_min, log_delta))


class GaussianDiffusion:
    """A diffusion process over `cfg.steps` steps, or over a respaced subset of them."""

    def __init__(self, cfg: DiffusionConfig | None = None, *, respacing: str | Sequence[int] | None = None):
        self.config = cfg or DiffusionConfig()
        base = make_betas(self.config.schedule, self.config.steps)
        if respacing is None:
            steps = list(range(self.config.steps))
            betas = base
        else:
            steps = space_timesteps(self.config.steps, respacing)
            betas = respaced_betas(torch.cumprod(1.0 - base, dim=0), steps)
        self.respacing = respacing
        self.timestep_map = torch.tensor(steps, dtype=torch.long)  # respaced t -> original t
        self._set_tables(betas)
        self._device_tables: dict[tuple[str, torch.device], torch.Tensor] = {}

    def _set_tables(self, betas: torch.Tensor) -> None:
        self.num_timesteps = len(betas)
        self.betas = betas
        self.alphas_cumprod = torch.cumprod(1.0 - betas, dim=0)
        self.alphas_cumprod_prev = torch.cat([betas.new_ones(1), self.alphas_cumprod[:-1]])
        self.alphas_cumprod_next = torch.cat([self.alphas_cumprod[1:], betas.new_zeros(1)])
        self.sqrt_alphas_cumprod = self.alphas_cumprod.sqrt()
        self.sqrt_one_minus_alphas_cumprod = (1.0 - self.alphas_cumprod).sqrt()
        self.sqrt_recip_alphas_cumprod = (1.0 / self.alphas_cumprod).sqrt()
        self.sqrt_recipm1_alphas_cumprod = (1.0 / self.alphas_cumprod - 1.0).sqrt()
        # Ho et al. 2020 eq. 7: variance and mean coefficients of q(x_{t-1} | x_t, x0).
        self.posterior_variance = betas * (1.0 - self.alphas_cumprod_prev) / (1.0 - self.alphas_cumprod)
        # log is clipped because the posterior variance is 0 at t = 0.
        first = self.posterior_variance[1] if len(betas) > 1 else betas[0]
        self.posterior_log_variance_clipped = torch.log(torch.cat([first.reshape(1), self.posterior_variance[1:]]))
        # improved-diffusion's "fixed large": beta_t, with beta~_1 at t = 0 so the decoder step keeps a finite log.
        self.fixed_large_variance = torch.cat([self.posterior_variance[1:2], betas[1:]]) if len(betas) > 1 else betas
        self.posterior_mean_coef1 = betas * self.alphas_cumprod_prev.sqrt() / (1.0 - self.alphas_cumprod)
        self.posterior_mean_coef2 = (1.0 - self.alphas_cumprod_prev) * (1.0 - betas).sqrt() / (1.0 - self.alphas_cumprod)

    def respace(self, respacing: str | Sequence[int]) -> GaussianDiffusion:
        """A new diffusion over a subset of the original steps ("ddim50", "100", "10,10,10", [0, 10, ...])."""
        return GaussianDiffusion(self.config, respacing=respacing)

    def extract(self, name: str, t: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Table `name` at timesteps t [B], shaped [B, 1, ...] to broadcast against x, in x's float dtype."""
        dtype = x.dtype if x.dtype in (torch.float32, torch.float64) else torch.float32
        return self._table(name, t.device)[t].to(dtype).reshape(-1, *([1] * (x.ndim - 1)))

    def _table(self, name: str, device: torch.device) -> torch.Tensor:
        """Table `name` on `device`, copied once: a blocking host-to-device copy per step would sync the GPU."""
        key = (name, device)
        table = self._device_tables.get(key)
        if table is None:
            table = getattr(self, name).to(device)
            self._device_tables[key] = table
        return table

    # Forward process ---------------------------------------------------------------------------
    def q_mean_variance(self, x0: torch.Tensor, t: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and variance of q(x_t | x0) = N(sqrt(abar_t) x0, (1 - abar_t) I) (Ho et al. 2020, eq. 4)."""
        return self.extract("sqrt_alphas_cumprod", t, x0) * x0, self.extract("sqrt_one_minus_alphas_cumprod", t, x0) ** 2

    def q_sample(self, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor | None = None) -> torch.Tensor:
        """Draw x_t ~ q(x_t | x0) (Ho et al. 2020, eq. 4); x0: [B, ...], t: [B]."""
        if noise is None:
            noise = torch.randn_like(x0)
        return (self.extract("sqrt_alphas_cumprod", t, x0) * x0
                + self.extract("sqrt_one_minus_alphas_cumprod", t, x0) * noise)

    def q_posterior(self, x0: torch.Tensor, x_t: torch.Tensor, t: torch.Tensor):
        """Mean, variance and clipped log-variance of q(x_{t-1} | x_t, x0) (Ho et al. 2020, eqs. 6-7)."""
        mean = self.extract("posterior_mean_coef1", t, x_t) * x0 + self.extract("posterior_mean_coef2", t, x_t) * x_t
        return mean, self.extract("posterior_variance", t, x_t), self.extract("posterior_log_variance_clipped", t, x_t)

    # Parameterisations -----------------------------------------------------------------------------
    def x0_from_eps(self, x_t: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
        """x0 = (x_t - sqrt(1 - abar) eps) / sqrt(abar)."""
        return self.extract("sqrt_recip_alphas_cumprod", t, x_t) * x_t - self.extract("sqrt_recipm1_alphas_cumprod", t, x_t) * eps

    def eps_from_x0(self, x_t: torch.Tensor, t: torch.Tensor, x0: torch.Tensor) -> torch.Tensor:
        """eps = (x_t - sqrt(abar) x0) / sqrt(1 - abar)."""
        return (self.extract("sqrt_recip_alphas_cumprod", t, x_t) * x_t - x0) / self.extract("sqrt_recipm1_alphas_cumprod", t, x_t)

    def v_from(self, x0: torch.Tensor, eps: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """v = sqrt(abar) eps - sqrt(1 - abar) x0 (Salimans & Ho 2022, sec. 4)."""
        return self.extract("sqrt_alphas_cumprod", t, x0) * eps - self.extract("sqrt_one_minus_alphas_cumprod", t, x0) * x0

    def x0_from_v(self, x_t: torch.Tensor, t: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """x0 = sqrt(abar) x_t - sqrt(1 - abar) v."""
        return self.extract("sqrt_alphas_cumprod", t, x_t) * x_t - self.extract("sqrt_one_minus_alphas_cumprod", t, x_t) * v

    # Reverse process -------------------------------------------------------------------------------
    def call_model(self, model: Model, x_t: torch.Tensor, t: torch.Tensor, given_mask: torch.Tensor | None = None):
        """Run the model with t mapped from this (possibly respaced) chain to the original timesteps."""
        original_t = self._table("timestep_map", t.device)[t]
        return model(x_t, original_t, given_mask)

    def _split_output(self, output: torch.Tensor, x_t: torch.Tensor):
        channels = x_t.shape[1] * (2 if self.config.variance == "learned_range" else 1)
        if output.shape[:2] != (x_t.shape[0], channels) or output.shape[2:] != x_t.shape[2:]:
            raise ValueError(
                f"model output: expected shape {[x_t.shape[0], channels, *x_t.shape[2:]]} for variance "
                f"{self.config.variance!r}, got {list(output.shape)}"
            )
        if self.config.variance == "learned_range":
            prediction, var_values = output.float().chunk(2, dim=1)
            return prediction, var_values
        return output.float(), None

    def _variance(self, var_values: torch.Tensor | None, t: torch.Tensor, x_t: torch.Tensor):
        if self.config.variance == "learned_range":
            # Nichol & Dhariwal 2021, eq. 15: interpolate log variance between beta~_t and beta_t.
            min_log = self.extract("posterior_log_variance_clipped", t, x_t)
            max_log = self.extract("betas", t, x_t).log()
            frac = (var_values + 1.0) / 2.0
            log_variance = frac * max_log + (1.0 - frac) * min_log
            return log_variance.exp(), log_variance
        if self.config.variance == "fixed_large":
            variance = self.extract("fixed_large_variance", t, x_t)
            return variance, variance.log()
        return self.extract("posterior_variance", t, x_t), self.extract("posterior_log_variance_clipped", t, x_t)

    def x0_from_prediction(self, prediction: torch.Tensor, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """Turn the model's eps / v / x0 prediction into a prediction of x0."""
        if self.config.prediction == "eps":
            return self.x0_from_eps(x_t, t, prediction)
        if self.config.prediction == "v":
            return self.x0_from_v(x_t, t, prediction)
        return prediction

    def p_mean_variance(self, model: Model, x_t: torch.Tensor, t: torch.Tensor,
                        given_mask: torch.Tensor | None = None, *, clip_denoised: bool = True) -> dict[str, torch.Tensor]:
        """p(x_{t-1} | x_t): dict(mean, variance, log_variance, x0_pred, eps_pred, var_values)."""
        prediction, var_values = self._split_output(self.call_model(model, x_t, t, given_mask), x_t)
        x_t = x_t.float()
        variance, log_variance = self._variance(var_values, t, x_t)
        x0_pred = self.x0_from_prediction(prediction, x_t, t)
        if clip_denoised:
            x0_pred = x0_pred.clamp(-1.0, 1.0)
        mean, _, _ = self.q_posterior(x0_pred, x_t, t)
        return dict(mean=mean, variance=variance, log_variance=log_variance, x0_pred=x0_pred,
                     eps_pred=self.eps_from_x0(x_t, t, x0_pred), var_values=var_values)

    # Training --------------------------------------------------------------------------------------
    def training_losses(self, model: Model, x0: torch.Tensor, given_mask: torch.Tensor | None, *,
                        t: torch.Tensor | None = None, noise: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Per-clip losses [B] ("loss", "mse", and "vb" for hybrid) of x0 [B, C, T, H, W] in [-1, 1].

        Given frames (given_mask [B, T], True = given) are put back clean in x_t and left out of the loss.
        """
        _check_clip(x0, given_mask)
        if t is None:
            t = torch.randint(0, self.num_timesteps, (x0.shape[0],), device=x0.device)
        if noise is None:
            noise = torch.randn_like(x0)
        x_t = self.q_sample(x0, t, noise)
        if given_mask is not None:
            x_t = torch.where(given_mask[:, None, :, None, None], x0, x_t)
        prediction, var_values = self._split_output(self.call_model(model, x_t, t, given_mask), x_t)
        target = {"eps": noise, "x0": x0, "v": self.v_from(x0, noise, t)}[self.config.prediction]
        terms = {"mse": masked_mean((target.float() - prediction) ** 2, given_mask)}
        terms["loss"] = terms["mse"]
        if self.config.loss == "hybrid":
            # Stop-grad on the mean: the VLB term only trains the variance (Nichol & Dhariwal 2021, sec. 3.1).
            frozen = self.x0_from_prediction(prediction.detach(), x_t.float(), t)
            vb = masked_mean(self._vb_terms(x0.float(), x_t.float(), t, frozen, var_values), given_mask)
            terms["vb"] = vb
            # L_vlb sums T per-step terms; lambda * T * L_t is improved-diffusion's "vb * T / 1000".
            terms["loss"] = terms["mse"] + self.config.vlb_weight * self.num_timesteps * vb
        return terms

    def _vb_terms(self, x0, x_t, t, x0_pred, var_values) -> torch.Tensor:
        """Elementwise L_t in bits: KL(q(x_{t-1}|x_t,x0) || p) for t > 0, the decoder NLL at t = 0."""
        true_mean, _, true_log_variance = self.q_posterior(x0, x_t, t)
        _, log_variance = self._variance(var_values, t, x_t)
        mean, _, _ = self.q_posterior(x0_pred, x_t, t)
        kl = normal_kl(true_mean, true_log_variance, mean, log_variance) / math.log(2.0)
        nll = -discretized_gaussian_log_likelihood(x0, mean, 0.5 * log_variance) / math.log(2.0)
        return torch.where(t.reshape(-1, *([1] * (x0.ndim - 1))) == 0, nll, kl)


def _check_clip(x0: torch.Tensor, given_mask: torch.Tensor | None) -> None:
    if x0.ndim != 5:
        raise ValueError(f"training_losses x0: expected [B, C, T, H, W], got {list(x0.shape)}")
    if given_mask is not None:
        if given_mask.shape != (x0.shape[0], x0.shape[2]) or given_mask.dtype != torch.bool:
            raise ValueError(
                f"training_losses given_mask: expected bool [{x0.shape[0]}, {x0.shape[2]}], "
                f"got {given_mask.dtype} {list(given_mask.shape)}"
            )
