#!/usr/bin/env bash
# The GPU session behind the committed figures of issues 8 (DDP), 9 (the blog's runs) and 10 (speed), on one
# machine with two H100s (device kind nvidia-h100-x2), run from the repository root there:
#
#   bash bench/gpu_session.sh start      # environment check, bench/ddp_bench.py on both GPUs, then two queues
#                                        # (one per GPU) started with setsid so that they outlive the call
#   bash bench/gpu_session.sh wait 560   # progress every minute until both queues end or 560 s pass; then
#                                        # every finished run folder (no checkpoints) and the bench results
#                                        # are packed into $OUT
#
# Session 4 (one H100, nvidia-h100-x1): `start-h100` = environment check, then queue_h100 alone on GPU 0:
# fp32/bf16/twin loss curves at batch 16 with held-out scores (~14 min), then profiled training steps at
# batch 4 (eager bf16, compiled, compiled + channels_last_3d: time by category). `wait` as above.
#
# Queue 0 (GPU 0): the unconditional Moving MNIST model with resampling, then the bouncing-balls one.
# Queue 1 (GPU 1): the DDP bench's resumed mmnist_cond run trained on to 620 steps and scored with DDIM-100
# against 1000-step ancestral sampling; fp32 vs bf16 loss curves; 256-clip sampling speed; bouncing balls
# (conditional); the lever ablation. Every bench appends its rows as it measures them, so a queue cut off by
# the machine's time limit still returns what it finished. Commit ids come from VDIFF_GIT_COMMIT.
set -u
W=${VDIFF_SESSION_DIR:-/tmp/vd}
export PYTHONUNBUFFERED=1 NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1

step() {  # step NAME COMMAND...: one queue item, logged; a failure is reported and the queue goes on
    local name=$1; shift
    echo "$(date +%T) start $name" >>"$W/logs/queue.log"
    "$@" >"$W/logs/$name.log" 2>&1
    local rc=$?
    echo "$(date +%T) $([ $rc = 0 ] && echo done || echo "FAILED (rc $rc)") $name" >>"$W/logs/queue.log"
}

queue0() {
    export CUDA_VISIBLE_DEVICES=0
    step mmnist_uncond python3 -m experiments run experiments/configs/mmnist_uncond_resample.yaml --out "$W/runs"
    step balls_uncond python3 -m experiments run experiments/configs/balls_uncond_resample.yaml --out "$W/runs"
}

queue1() {
    export CUDA_VISIBLE_DEVICES=1
    step cond_more python3 bench/ddp_bench.py --worker --run-dir "$W/ddp/resume" --batch 32 --steps 620 --quiet
    step psnr python3 bench/sampling_bench.py --run "$W/ddp/resume" --modes '' --out "$W/res/psnr.jsonl"
    step precision python3 bench/precision_bench.py --out "$W/res/precision.jsonl"
    step sampling python3 bench/sampling_bench.py --out "$W/res/sampling.jsonl"
    step balls_cond python3 -m experiments run experiments/configs/balls_cond.yaml --out "$W/runs"
    step ablation python3 bench/ablate.py --out "$W/res/ablation.jsonl"
}

queue_h100() {
    export CUDA_VISIBLE_DEVICES=0
    step precision python3 bench/precision_bench.py --out "$W/res/precision.jsonl"
    queue_h100_compiled
}

queue_h100_compiled() {  # after the loss curves: the profiled steps, channels-last among them
    export CUDA_VISIBLE_DEVICES=0
    step profile python3 bench/model_bench.py --rows train-b4-bf16,train-b4-bf16-compile,train-b4-bf16-compile-cl \
        --out "$W/res/profile.jsonl" --profile "$W/res/profile.txt"
}

check_env() {
    nvidia-smi -L
    python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "gpus",
        torch.cuda.device_count(), "nccl", torch.cuda.nccl.version())'
}

start_h100() {
    rm -rf "$W" && mkdir -p "$W/logs" "$W/res" "$W/runs"
    check_env
    setsid bash "$0" queue_h100 </dev/null >"$W/logs/queue_h100.out" 2>&1 &
    sleep 2
    cat "$W/logs/queue.log"
}

start() {
    rm -rf "$W" && mkdir -p "$W/logs" "$W/res" "$W/runs"
    check_env
    python3 bench/ddp_bench.py --steps 150 --resume-steps 20 --quiet --work "$W/ddp" --out "$W/res/ddp.jsonl" \
        || echo "ddp_bench FAILED"
    setsid bash "$0" queue0 </dev/null >"$W/logs/queue0.out" 2>&1 &
    setsid bash "$0" queue1 </dev/null >"$W/logs/queue1.out" 2>&1 &
    sleep 2
    cat "$W/logs/queue.log"
}

progress() {  # one line per queue item's log: its last progress bar or message
    cat "$W/logs/queue.log"
    for log in "$W"/logs/*.log; do
        [ "$(basename "$log")" = queue.log ] && continue
        printf '%s: %s\n' "$(basename "$log" .log)" "$(tail -c 400 "$log" | tr '\r' '\n' | grep -v '^\s*$' | tail -1)"
    done
    nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader
}

collect() {  # finished run folders without checkpoints, and every result and log, into $OUT (<= 8 files)
    for run in "$W"/runs/*/; do
        [ -f "$run/run.json" ] && tar czf "$OUT/$(basename "$run").tgz" --exclude=checkpoints -C "$W/runs" "$(basename "$run")"
    done
    tar czf "$OUT/results.tgz" -C "$W" res logs ddp/ddp/log.jsonl ddp/single/log.jsonl ddp/resume/log.jsonl 2>/dev/null
    ls -la "$OUT"
}

wait_queues() {  # wait_queues SECONDS
    local deadline=$((SECONDS + $1)) next=$((SECONDS + 60))
    while [ $SECONDS -lt $deadline ] && pgrep -f "gpu_session.sh queue" >/dev/null; do
        sleep 5
        if [ $SECONDS -ge $next ]; then echo "--- $(date +%T)"; progress; next=$((SECONDS + 60)); fi
    done
    echo "--- $(date +%T) end of wait"; progress
    collect
}

case "${1:-}" in
    start) start ;;
    start-h100) start_h100 ;;
    queue_h100) queue_h100 ;;
    queue_h100_compiled) queue_h100_compiled ;;
    queue0) queue0 ;;
    queue1) queue1 ;;
    wait) wait_queues "${2:-540}" ;;
    *) echo "usage: bash bench/gpu_session.sh start | start-h100 | wait SECONDS" >&2; exit 2 ;;
esac
