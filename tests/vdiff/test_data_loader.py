"""make_loader: collate layout, endless epochs with reshuffle, resume position, DDP sharding, workers."""
from __future__ import annotations

import itertools

import pytest
import torch
from torch.utils.data import Dataset

from vdiff.data import DataError, collate_clips, make_loader
from vdiff.data.loader import resolve_workers


class Indexed(Dataset):
    """Clip i is [T=2, C=1, H=1, W=1] filled with i, so batches reveal the indices drawn."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> torch.Tensor:
        return torch.full((2, 1, 1, 1), float(i))


def indices(batch: torch.Tensor) -> list[int]:
    return batch[:, 0, 0, 0, 0].long().tolist()


def test_collate_moves_time_behind_channels():
    clips = [torch.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5).float() + k for k in range(6)]
    batch = collate_clips(clips)
    assert batch.shape == (6, 3, 2, 4, 5)
    assert torch.equal(batch[4, :, 1], clips[4][1])


def test_endless_with_a_new_order_every_epoch():
    loader = make_loader(Indexed(6), batch_size=3, seed=0)
    drawn = [indices(next(loader)) for _ in range(6)]
    epochs = [sorted(drawn[e] + drawn[e + 1]) for e in (0, 2, 4)]
    assert epochs == [list(range(6))] * 3
    assert len({tuple(drawn[e] + drawn[e + 1]) for e in (0, 2, 4)}) > 1


def test_fewer_clips_than_the_batch_gives_full_batches():
    batch = next(make_loader(Indexed(2), batch_size=5))
    assert batch.shape[0] == 5 and set(indices(batch)) == {0, 1}


def test_start_batch_continues_the_same_stream():
    full = [indices(b) for b in itertools.islice(make_loader(Indexed(7), batch_size=3, seed=4), 8)]
    tail = [indices(b) for b in itertools.islice(make_loader(Indexed(7), batch_size=3, seed=4, start_batch=5), 3)]
    assert tail == full[5:]


def test_ranks_split_each_epoch():
    ranks = [make_loader(Indexed(8), batch_size=2, seed=1, rank=r, world_size=2) for r in (0, 1)]
    seen = [i for loader in ranks for _ in range(2) for i in indices(next(loader))]
    assert sorted(seen) == list(range(8))


def test_workers_give_the_same_batches():
    plain = [indices(b) for b in itertools.islice(make_loader(Indexed(5), batch_size=2, seed=2), 4)]
    loader = make_loader(Indexed(5), batch_size=2, seed=2, workers=2)
    assert [indices(b) for b in itertools.islice(loader, 4)] == plain


def test_bad_arguments():
    with pytest.raises(DataError, match="the data set is empty"):
        make_loader(Indexed(0), batch_size=2)
    with pytest.raises(DataError, match="batch_size: expected an int >= 1, got 0"):
        make_loader(Indexed(3), batch_size=0)


def test_the_global_rng_is_left_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    next(make_loader(Indexed(4), batch_size=2, workers=1))
    assert torch.equal(torch.rand(3), expected)


def test_worker_count_resolution():
    assert resolve_workers(3, torch.device("cpu")) == 3
    assert resolve_workers(-1, torch.device("cpu")) == 0  # the CPU trains in the loading process
