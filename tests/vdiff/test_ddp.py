"""DDP on CPU: two gloo processes (torchrun's environment) train exactly as one process with the same global batch."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest
import torch

from vdiff.checkpoint import checkpoint_path, load_checkpoint

WORKER = textwrap.dedent("""
    import sys
    import torch
    from vdiff import DiffusionConfig, GaussianDiffusion, UNet3D, UNetConfig
    from vdiff.data import build_dataset
    from vdiff.distributed import destroy_distributed
    from vdiff.train import TrainConfig, Trainer

    run_dir, batch_size = sys.argv[1], int(sys.argv[2])
    torch.manual_seed(0)
    unet = UNetConfig(image_size=8, model_channels=8, channel_mult=(1, 2), attention_resolutions=(4,),
                      num_res_blocks=1, num_heads=1)
    data = build_dataset("bouncing_balls", {"frames": 4, "image_size": 8, "num_clips": 6})
    cfg = TrainConfig(steps=3, batch_size=batch_size, log_every=1, checkpoint_every=0, lr=1e-3, ema_decay=0.5)
    Trainer(cfg, UNet3D(unet), GaussianDiffusion(DiffusionConfig(steps=50)), data, run_dir=run_dir,
            quiet=True).fit()
    destroy_distributed()
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(tmp_path, run: str, batch_size: int, world_size: int) -> None:
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    port = free_port()
    procs = []
    for rank in range(world_size):
        env = {**os.environ, "RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": str(world_size),
               "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port), "OMP_NUM_THREADS": "1",
               "GLOO_SOCKET_IFNAME": "lo"}  # loopback only: no network needed
        if world_size == 1:
            env = {k: v for k, v in env.items() if k not in ("RANK", "LOCAL_RANK", "WORLD_SIZE")}
        procs.append(subprocess.Popen([sys.executable, str(script), str(tmp_path / run), str(batch_size)],
                                      env=env, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err


@pytest.mark.slow
def test_two_gloo_ranks_equal_one_process(tmp_path):
    launch(tmp_path, "single", batch_size=4, world_size=1)
    launch(tmp_path, "ddp", batch_size=2, world_size=2)
    single = load_checkpoint(checkpoint_path(tmp_path / "single", 3))
    ddp = load_checkpoint(checkpoint_path(tmp_path / "ddp", 3))
    assert ddp["data"] == {"batches": 3, "batch_size": 2, "world_size": 2}
    assert len(ddp["rng"]["torch"]) == 2  # every rank's RNG state, gathered by rank 0
    for name, value in single["model"].items():
        torch.testing.assert_close(ddp["model"][name], value, rtol=0, atol=1e-4, msg=name)
    for name, value in single["ema"].items():
        torch.testing.assert_close(ddp["ema"][name], value, rtol=0, atol=1e-4, msg=name)
    logs = [[json.loads(line) for line in (tmp_path / run / "log.jsonl").read_text().splitlines()]
            for run in ("single", "ddp")]
    for a, b in zip(*logs):
        assert a["step"] == b["step"]
        assert b["loss"] == pytest.approx(a["loss"], rel=1e-4)  # the mean over both ranks' clips
        assert b["grad_norm"] == pytest.approx(a["grad_norm"], rel=1e-4)
