"""UNet3D: improved-diffusion's UNet with 3x3x3 convolutions and joint space-time attention.

Layout inside the model is [B, C, T, H, W]. Only H and W are down/upsampled, so any T >= 1 works.
The default `UNetConfig` is the reference RaMViD BAIR model (235,071,875 parameters).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from einops import rearrange
from torch import nn
from torch.utils.checkpoint import checkpoint

from vdiff.config_keys import check_keys
from vdiff.nn import normalization, timestep_embedding, zero_module


@dataclass(frozen=True)
class UNetConfig:
    """Hyper-parameters of UNet3D; the defaults are the reference BAIR model."""

    image_size: int = 64
    in_channels: int = 3
    model_channels: int = 128
    out_channels: int = 3
    num_res_blocks: int = 2
    attention_resolutions: tuple[int, ...] = (16, 8)  # in pixels of the feature map, as improved-diffusion
    channel_mult: tuple[int, ...] = (1, 2, 3, 4)
    num_heads: int = 4
    num_head_channels: int = -1  # > 0 overrides num_heads with channels // num_head_channels
    dropout: float = 0.0
    use_scale_shift_norm: bool = True
    learn_sigma: bool = False
    use_checkpoint: bool = False
    frame_given_embedding: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "attention_resolutions", tuple(self.attention_resolutions))
        object.__setattr__(self, "channel_mult", tuple(self.channel_mult))
        _validate_config(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> UNetConfig:
        """Build a config from a plain dict, rejecting unknown keys with a suggestion."""
        check_keys(cls, d)
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (tuples become lists) for YAML/JSON and checkpoints."""
        d = dataclasses.asdict(self)
        d["attention_resolutions"] = list(self.attention_resolutions)
        d["channel_mult"] = list(self.channel_mult)
        return d

    @property
    def levels(self) -> int:
        """Number of resolution levels (len(channel_mult))."""
        return len(self.channel_mult)


def _validate_config(cfg: UNetConfig) -> None:
    positive = ("image_size", "in_channels", "model_channels", "out_channels", "num_res_blocks")
    for name in positive:
        value = getattr(cfg, name)
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"UNetConfig.{name}: expected a positive int, got {value!r}")
    if not cfg.channel_mult or any(not isinstance(m, int) or m < 1 for m in cfg.channel_mult):
        raise ValueError(f"UNetConfig.channel_mult: expected positive ints, got {cfg.channel_mult!r}")
    factor = 2 ** (len(cfg.channel_mult) - 1)
    if cfg.image_size % factor:
        raise ValueError(
            f"UNetConfig.image_size: expected a multiple of 2^(levels-1) = {factor}, got {cfg.image_size}"
        )
    if not 0.0 <= cfg.dropout < 1.0:
        raise ValueError(f"UNetConfig.dropout: expected 0 <= dropout < 1, got {cfg.dropout!r}")
    if cfg.num_head_channels <= 0 and cfg.num_heads < 1:
        raise ValueError(f"UNetConfig.num_heads: expected >= 1, got {cfg.num_heads!r}")


class ResBlock(nn.Module):
    """Residual block: GroupNorm-SiLU-conv3d twice, timestep embedding via scale-shift (or add)."""

    def __init__(self, channels: int, emb_channels: int, cfg: UNetConfig, out_channels: int | None = None):
        super().__init__()
        out_channels = out_channels or channels
        self.use_scale_shift_norm = cfg.use_scale_shift_norm
        self.use_checkpoint = cfg.use_checkpoint
        self.in_layers = nn.Sequential(
            normalization(channels), nn.SiLU(), nn.Conv3d(channels, out_channels, 3, padding=1)
        )
        emb_out = 2 * out_channels if cfg.use_scale_shift_norm else out_channels
        self.emb_layers = nn.Sequential(nn.SiLU(), nn.Linear(emb_channels, emb_out))
        self.out_norm = normalization(out_channels)
        self.out_layers = nn.Sequential(
            nn.SiLU(),
            nn.Dropout(p=cfg.dropout),
            zero_module(nn.Conv3d(out_channels, out_channels, 3, padding=1)),
        )
        if out_channels == channels:
            self.skip_connection = nn.Identity()
        else:
            self.skip_connection = nn.Conv3d(channels, out_channels, 1)

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        """x: [B, C, T, H, W], emb: [B, T or 1, E]; returns [B, C_out, T, H, W]."""
        if self.use_checkpoint and self.training and torch.is_grad_enabled():
            return checkpoint(self._forward, x, emb, use_reentrant=False)
        return self._forward(x, emb)

    def _forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        h = self.in_layers(x)
        emb_out = rearrange(self.emb_layers(emb), "b t c -> b c t 1 1").to(h.dtype)
        if self.use_scale_shift_norm:
            scale, shift = emb_out.chunk(2, dim=1)
            h = self.out_norm(h) * (1 + scale) + shift
        else:
            h = self.out_norm(h + emb_out)
        return self.skip_connection(x) + self.out_layers(h)


class Attention(nn.Module):
    """Multi-head self-attention over all T*H*W positions through F.scaled_dot_product_attention."""

    def __init__(self, channels: int, cfg: UNetConfig):
        super().__init__()
        if cfg.num_head_channels > 0:
            if channels % cfg.num_head_channels:
                raise ValueError(
                    f"UNetConfig.num_head_channels: expected a divisor of {channels}, got {cfg.num_head_channels}"
                )
            self.num_heads = channels // cfg.num_head_channels
        else:
            if channels % cfg.num_heads:
                raise ValueError(f"UNetConfig.num_heads: expected a divisor of {channels}, got {cfg.num_heads}")
            self.num_heads = cfg.num_heads
        self.use_checkpoint = cfg.use_checkpoint
        self.norm = normalization(channels)
        # Linear on [B, N, C] tokens has the same parameters as improved-diffusion's 1x1 conv1d
        # and hands SDPA a [B, heads, N, d] view without a transpose copy.
        self.qkv = nn.Linear(channels, 3 * channels)
        self.proj_out = zero_module(nn.Linear(channels, channels))

    def forward(self, x: torch.Tensor, emb: torch.Tensor | None = None) -> torch.Tensor:
        """x: [B, C, T, H, W]; returns x + attention(x), same shape. `emb` is ignored."""
        if self.use_checkpoint and self.training and torch.is_grad_enabled():
            return checkpoint(self._forward, x, use_reentrant=False)
        return self._forward(x)

    def qkv_heads(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """x: [B, C, T, H, W] -> q, k, v [B, heads, T*H*W, d], the exact views SDPA receives."""
        tokens = rearrange(self.norm(x), "b c t h w -> b (t h w) c")
        # Views with a unit last stride (the flash / memory-efficient kernels' requirement), no copy.
        q, k, v = rearrange(self.qkv(tokens), "b n (three heads d) -> three b heads n d", three=3, heads=self.num_heads)
        return q, k, v

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, t, h, w = x.shape
        q, k, v = self.qkv_heads(x)
        out = F.scaled_dot_product_attention(q, k, v)  # [B, heads, N, d]
        out = self.proj_out(rearrange(out, "b heads n d -> b n (heads d)"))
        return x + rearrange(out, "b (t h w) c -> b c t h w", t=t, h=h, w=w)


class Downsample(nn.Module):
    """Halve H and W with a strided 3x3x3 convolution; T is kept."""

    def __init__(self, channels: int):
        super().__init__()
        self.op = nn.Conv3d(channels, channels, 3, stride=(1, 2, 2), padding=1)

    def forward(self, x: torch.Tensor, emb: torch.Tensor | None = None) -> torch.Tensor:
        """x: [B, C, T, H, W] -> [B, C, T, H/2, W/2]."""
        return self.op(x)


class Upsample(nn.Module):
    """Double H and W (nearest) then a 3x3x3 convolution; T is kept."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv3d(channels, channels, 3, padding=1)

    def forward(self, x: torch.Tensor, emb: torch.Tensor | None = None) -> torch.Tensor:
        """x: [B, C, T, H, W] -> [B, C, T, 2H, 2W]."""
        return self.conv(F.interpolate(x, scale_factor=(1.0, 2.0, 2.0), mode="nearest"))


class _Stage(nn.ModuleList):
    """A sequence of blocks that all take (x, emb)."""

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        """Apply each block in order."""
        for block in self:
            x = block(x, emb)
        return x


class UNet3D(nn.Module):
    """The RaMViD denoiser: x_t [B, C, T, H, W], t [B] -> eps/x0/v (and variance values) [B, C', T, H, W]."""

    def __init__(self, cfg: UNetConfig | None = None):
        super().__init__()
        cfg = cfg or UNetConfig()
        self.config = cfg
        emb_dim = 4 * cfg.model_channels
        self.time_embed = nn.Sequential(
            nn.Linear(cfg.model_channels, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim)
        )
        if cfg.frame_given_embedding:
            self.given_embed = zero_module(nn.Embedding(2, emb_dim))
        self.input_conv = nn.Conv3d(cfg.in_channels, cfg.model_channels, 3, padding=1)
        self.input_blocks = nn.ModuleList()
        skip_channels = [cfg.model_channels]
        ch = cfg.model_channels
        for level in range(cfg.levels):
            ch = self._make_down_level(level, ch, skip_channels)
        self.middle_block = _Stage(
            [ResBlock(ch, emb_dim, cfg), Attention(ch, cfg), ResBlock(ch, emb_dim, cfg)]
        )
        self.output_blocks = nn.ModuleList()
        for level in reversed(range(cfg.levels)):
            ch = self._make_up_level(level, ch, skip_channels)
        self.out = nn.Sequential(
            normalization(ch),
            nn.SiLU(),
            zero_module(nn.Conv3d(ch, cfg.out_channels * (2 if cfg.learn_sigma else 1), 3, padding=1)),
        )

    def _uses_attention(self, level: int) -> bool:
        return self.config.image_size // 2**level in self.config.attention_resolutions

    def _make_down_level(self, level: int, ch: int, skip_channels: list[int]) -> int:
        """Append one encoder level (res blocks [+ attention], then a downsample); returns its channels."""
        cfg = self.config
        out_ch = cfg.model_channels * cfg.channel_mult[level]
        for _ in range(cfg.num_res_blocks):
            blocks: list[nn.Module] = [ResBlock(ch, 4 * cfg.model_channels, cfg, out_ch)]
            ch = out_ch
            if self._uses_attention(level):
                blocks.append(Attention(ch, cfg))
            self.input_blocks.append(_Stage(blocks))
            skip_channels.append(ch)
        if level != cfg.levels - 1:
            self.input_blocks.append(_Stage([Downsample(ch)]))
            skip_channels.append(ch)
        return ch

    def _make_up_level(self, level: int, ch: int, skip_channels: list[int]) -> int:
        """Append one decoder level (res blocks over skip concatenations, then an upsample)."""
        cfg = self.config
        out_ch = cfg.model_channels * cfg.channel_mult[level]
        for i in range(cfg.num_res_blocks + 1):
            blocks: list[nn.Module] = [ResBlock(ch + skip_channels.pop(), 4 * cfg.model_channels, cfg, out_ch)]
            ch = out_ch
            if self._uses_attention(level):
                blocks.append(Attention(ch, cfg))
            if level and i == cfg.num_res_blocks:
                blocks.append(Upsample(ch))
            self.output_blocks.append(_Stage(blocks))
        return ch

    def forward(self, x: torch.Tensor, t: torch.Tensor, given_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x: [B, C, T, H, W], t: [B] timesteps, given_mask: [B, T] bool or None -> [B, C_out, T, H, W]."""
        self._check_inputs(x, t, given_mask)
        emb = self.time_embed(timestep_embedding(t, self.config.model_channels))[:, None]  # [B, 1, E]
        if self.config.frame_given_embedding:
            if given_mask is None:
                given_mask = torch.zeros(x.shape[0], x.shape[2], dtype=torch.bool, device=x.device)
            emb = emb + self.given_embed(given_mask.long())  # [B, T, E]
        h = self.input_conv(x)
        skips = [h]
        for stage in self.input_blocks:
            h = stage(h, emb)
            skips.append(h)
        h = self.middle_block(h, emb)
        for stage in self.output_blocks:
            h = stage(torch.cat([h, skips.pop()], dim=1), emb)
        return self.out(h)

    def _check_inputs(self, x: torch.Tensor, t: torch.Tensor, given_mask: torch.Tensor | None) -> None:
        cfg = self.config
        if x.ndim != 5 or x.shape[1] != cfg.in_channels:
            raise ValueError(
                f"UNet3D.forward x: expected [B, {cfg.in_channels}, T, H, W], got {list(x.shape)}"
            )
        factor = 2 ** (cfg.levels - 1)
        if x.shape[3] % factor or x.shape[4] % factor:
            raise ValueError(
                f"UNet3D.forward x: expected H and W divisible by 2^(levels-1) = {factor}, "
                f"got {x.shape[3]}x{x.shape[4]}"
            )
        if t.shape != (x.shape[0],):
            raise ValueError(f"UNet3D.forward t: expected shape [{x.shape[0]}], got {list(t.shape)}")
        if given_mask is not None and given_mask.shape != (x.shape[0], x.shape[2]):
            raise ValueError(
                f"UNet3D.forward given_mask: expected shape [{x.shape[0]}, {x.shape[2]}], "
                f"got {list(given_mask.shape)}"
            )
