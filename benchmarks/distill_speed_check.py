"""Speed-up of the 4-step student over the 50-step CFG teacher (batch of 8, best of 3 after a warm-up), to repeat with and
without OMP_WAIT_POLICY=PASSIVE: for f in 1 2; do python benchmarks/distill_speed_check.py; OMP_WAIT_POLICY=PASSIVE python benchmarks/distill_speed_check.py; done"""
import os, torch
from miniai.distill import load_teacher, load_student, eval_set, time_batch
ps = eval_set(200, seed=1)[1][:8]
te, st = load_teacher(), load_student(4)
t,s = time_batch(50, ps, parts=te), time_batch(4, ps, parts=st)
print(os.environ.get('OMP_WAIT_POLICY'), f'teacher {t:.3f} student {s:.3f} speed-up {t/s:.1f}')
