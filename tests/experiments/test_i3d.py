"""I3D: shapes on tiny inputs, determinism, SAME padding, and the weights loader."""
from __future__ import annotations

import pytest
import torch

from experiments import i3d


@pytest.fixture(scope="module")
def model() -> i3d.I3D:
    """A random-init I3D in eval mode (seeded)."""
    torch.manual_seed(0)
    return i3d.I3D().eval()


def _clip(seed: int = 0) -> torch.Tensor:
    """A tiny clip batch [2, 3, 8, 32, 32] in [-1, 1]."""
    return torch.rand(2, 3, 8, 32, 32, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def test_features_have_the_right_shape(model):
    with torch.no_grad():
        assert model(_clip()).shape == (2, 400)
        assert model(_clip(), features="pool").shape == (2, i3d.FEATURE_CHANNELS)


def test_forward_is_deterministic_and_depends_on_the_input(model):
    with torch.no_grad():
        first, second, other = model(_clip()), model(_clip()), model(_clip(seed=1))
    assert torch.equal(first, second)
    assert not torch.allclose(first, other)


def test_the_network_has_i3d_size_and_kinetics_logits(model):
    shapes = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert shapes["Conv3d_1a_7x7.conv3d.weight"] == (64, 3, 7, 7, 7)
    assert shapes["Mixed_5c.b1b.conv3d.weight"] == (384, 192, 3, 3, 3)
    assert shapes["logits.conv3d.weight"] == (400, 1024, 1, 1, 1)
    assert shapes["logits.conv3d.bias"] == (400,)
    assert sum(p.numel() for p in model.parameters()) == 12_697_264


def test_same_padding_matches_tensorflow():
    x = torch.zeros(1, 1, 5, 7, 8)
    padded = i3d._same_pad(x, (3, 3, 3), (2, 2, 2))
    # TF SAME: total = max(k - (s if n % s == 0 else n % s), 0), extra pixel at the end.
    assert padded.shape == (1, 1, 5 + 2, 7 + 2, 8 + 1)


def test_state_dict_round_trip_through_the_loader(model, tmp_path):
    path = tmp_path / "i3d.pt"
    torch.save(model.state_dict(), path)
    loaded = i3d.load_i3d(path)
    assert not loaded.training
    with torch.no_grad():
        assert torch.equal(loaded(_clip()), model(_clip()))


def test_loader_accepts_weights_without_num_batches_tracked(model, tmp_path):
    path = tmp_path / "i3d.pt"
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    torch.save(state, path)
    i3d.load_i3d(path)


def test_loader_reports_mismatched_keys_in_one_line(model, tmp_path):
    state = dict(model.state_dict())
    del state["Mixed_4b.b0.conv3d.weight"]
    state["fc.weight"] = torch.zeros(1)
    state["logits.conv3d.bias"] = torch.zeros(600)
    path = tmp_path / "bad.pt"
    torch.save(state, path)
    with pytest.raises(i3d.I3DWeightsError) as error:
        i3d.load_i3d(path)
    message = str(error.value)
    assert "\n" not in message
    assert message == (
        f"{path}: I3D weights do not match the network: 1 missing (Mixed_4b.b0.conv3d.weight); "
        "1 unexpected (fc.weight); 1 wrong shape (logits.conv3d.bias expected (400,) found (600,))"
    )


def test_loader_rejects_missing_and_non_state_dict_files(tmp_path):
    with pytest.raises(i3d.I3DWeightsError, match="eval.i3d_weights: no such file"):
        i3d.load_i3d(tmp_path / "absent.pt")
    path = tmp_path / "list.pt"
    torch.save([1, 2], path)
    with pytest.raises(i3d.I3DWeightsError, match="expected a state dict of tensors, got list"):
        i3d.load_i3d(path)
