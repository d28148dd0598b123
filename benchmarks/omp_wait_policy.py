"""Sampling time under each OpenMP wait policy, for choosing CI's setting (one notebook at a time): 4 prompts, 20 steps,
after a warm-up. Run each setting in its own process, since the policy is read when torch loads:
for e in "" OMP_WAIT_POLICY=PASSIVE "OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1" OMP_NUM_THREADS=1; do env $e python benchmarks/omp_wait_policy.py; done"""
import os, time, torch
from miniai.parts import load_parts
from miniai.diffusion import mk_samples
p = load_parts()
mk_samples(['a red 7'], steps=2, seed=0, parts=p, progress=False)
t = time.perf_counter(); mk_samples(['a red 7 on a blue background']*4, steps=20, seed=0, parts=p, progress=False)
print(f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'default')} threads={torch.get_num_threads()}: "
      f"{time.perf_counter()-t:.2f} s")
