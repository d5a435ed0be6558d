"""vdiff: random-mask video diffusion (RaMViD) as a small library.

Public API: UNetConfig/UNet3D (unet), DiffusionConfig/GaussianDiffusion (diffusion), the mask
functions (masking), the samplers (sampling) and video writers (video).
"""
from __future__ import annotations

from vdiff.diffusion import DiffusionConfig, GaussianDiffusion
from vdiff.masking import generate, infill, predict, sample_train_mask
from vdiff.unet import UNet3D, UNetConfig

__all__ = [
    "DiffusionConfig",
    "GaussianDiffusion",
    "UNet3D",
    "UNetConfig",
    "generate",
    "infill",
    "predict",
    "sample_train_mask",
]
