"""The tiny UNet the model-library tests share: 8x8 frames, channels (8, 16), attention at 4x4."""
from __future__ import annotations

TINY = dict(image_size=8, model_channels=8, channel_mult=(1, 2), attention_resolutions=(4,), num_heads=2)
