"""UNet3D: reference parameter count, shapes for any T, attention against a naive reference, bad input."""
from __future__ import annotations

import pytest
import torch

from tests.vdiff.tiny import TINY
from vdiff.unet import Attention, UNet3D, UNetConfig


def test_default_config_has_the_reference_parameter_count():
    # RaMViD's BAIR model (improved-diffusion UNet, dims=3) has exactly 235,071,875 parameters.
    with torch.device("meta"):
        model = UNet3D(UNetConfig())
    assert sum(p.numel() for p in model.parameters()) == 235_071_875


@pytest.mark.parametrize("frames", [1, 3, 4])
def test_output_shape_for_any_frame_count(frames):
    torch.manual_seed(0)
    model = UNet3D(UNetConfig(**TINY, learn_sigma=True))
    x = torch.randn(2, 3, frames, 8, 8)
    out = model(x, torch.tensor([1, 500]))
    assert out.shape == (2, 6, frames, 8, 8)


def test_frame_given_embedding_changes_output_per_frame():
    torch.manual_seed(0)
    model = UNet3D(UNetConfig(**TINY, frame_given_embedding=True))
    for p in model.parameters():
        torch.nn.init.normal_(p, std=0.1)
    x = torch.randn(1, 3, 4, 8, 8)
    mask = torch.tensor([[True, False, False, False]])
    assert not torch.allclose(model(x, torch.tensor([10]), mask), model(x, torch.tensor([10]), None))


def test_attention_matches_naive_softmax():
    torch.manual_seed(0)
    cfg = UNetConfig(**TINY)
    attn = Attention(16, cfg)
    torch.nn.init.normal_(attn.proj_out.weight)
    x = torch.randn(2, 16, 3, 4, 4)
    tokens = attn.norm(x).flatten(2).transpose(1, 2)  # [B, N, C]
    q, k, v = attn.qkv(tokens).chunk(3, dim=-1)
    heads = []
    for h in range(attn.num_heads):
        sl = slice(8 * h, 8 * (h + 1))
        weights = torch.softmax(q[..., sl] @ k[..., sl].transpose(1, 2) / 8**0.5, dim=-1)
        heads.append(weights @ v[..., sl])
    ref = attn.proj_out(torch.cat(heads, dim=-1)).transpose(1, 2).reshape(x.shape) + x
    torch.testing.assert_close(attn(x), ref, atol=1e-5, rtol=1e-5)


def test_gradient_checkpointing_gives_the_same_gradients():
    torch.manual_seed(0)
    plain = UNet3D(UNetConfig(**TINY))
    ckpt = UNet3D(UNetConfig(**TINY, use_checkpoint=True))
    ckpt.load_state_dict(plain.state_dict())
    for p in list(plain.out.parameters()) + list(ckpt.out.parameters()):
        torch.nn.init.constant_(p, 0.05)
    x = torch.randn(1, 3, 2, 8, 8)
    for m in (plain, ckpt):
        m(x, torch.tensor([3])).square().mean().backward()
    torch.testing.assert_close(plain.input_conv.weight.grad, ckpt.input_conv.weight.grad)


def test_config_round_trips_and_rejects_unknown_keys():
    cfg = UNetConfig(**TINY)
    assert UNetConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(ValueError, match="unknown key 'model_channel' \\(did you mean 'model_channels'\\?\\)"):
        UNetConfig.from_dict({"model_channel": 8})


def test_bad_input_raises_value_error_naming_the_parameter():
    model = UNet3D(UNetConfig(**TINY))
    with pytest.raises(ValueError, match=r"x: expected \[B, 3, T, H, W\], got \[1, 4, 2, 8, 8\]"):
        model(torch.randn(1, 4, 2, 8, 8), torch.tensor([1]))
    with pytest.raises(ValueError, match="divisible by 2\\^\\(levels-1\\) = 2, got 7x8"):
        model(torch.randn(1, 3, 2, 7, 8), torch.tensor([1]))
    with pytest.raises(ValueError, match=r"given_mask: expected shape \[1, 2\], got \[1, 3\]"):
        model(torch.randn(1, 3, 2, 8, 8), torch.tensor([1]), torch.zeros(1, 3, dtype=torch.bool))
    with pytest.raises(ValueError, match="image_size: expected a multiple of 2\\^\\(levels-1\\) = 8, got 60"):
        UNetConfig(image_size=60)


def test_group_norm_in_bf16_matches_fp32_and_keeps_the_dtype():
    from vdiff.nn import normalization

    torch.manual_seed(0)
    norm = normalization(64)
    torch.nn.init.normal_(norm.weight)
    x = torch.randn(2, 64, 3, 4, 4) * 5 + 3
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = norm(x.bfloat16())
    assert out.dtype == torch.bfloat16
    torch.testing.assert_close(out.float(), norm(x), atol=0.05, rtol=0.02)
