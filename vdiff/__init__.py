"""vdiff: random-mask video diffusion (RaMViD) as a small library.

Public API: UNetConfig/UNet3D (unet), DiffusionConfig/GaussianDiffusion (diffusion), the mask
functions (masking), the samplers (sampling) and video readers and writers (video).
"""
from __future__ import annotations

from vdiff.diffusion import DiffusionConfig, GaussianDiffusion
from vdiff.masking import generate, infill, predict, sample_train_mask
from vdiff.sampling import ddim_step, ddpm_step, sample, sample_autoregressive, sample_long
from vdiff.unet import UNet3D, UNetConfig
from vdiff.video import read_frames, side_by_side, to_uint8, write_gif, write_mp4, write_png_strip

__all__ = [
    "DiffusionConfig",
    "GaussianDiffusion",
    "UNet3D",
    "UNetConfig",
    "ddim_step",
    "ddpm_step",
    "generate",
    "infill",
    "predict",
    "read_frames",
    "sample",
    "sample_autoregressive",
    "sample_long",
    "sample_train_mask",
    "side_by_side",
    "to_uint8",
    "write_gif",
    "write_mp4",
    "write_png_strip",
]
