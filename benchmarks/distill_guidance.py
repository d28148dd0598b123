"""Prompt accuracy against the guidance scale g for the CFG teacher (32 DDIM steps) and the shipped students, on a tuning
set disjoint from the one 03 reports on: validation digits 200-499 of `eval_set(500, seed=1)` (03 reports on the first
200). Which g suits minisd, and is the students' stroke-colour gap a high-guidance effect?"""
import sys, json, time, torch
from miniai.distill import load_teacher, load_student, eval_set, available_students
from miniai.diffusion import mk_samples
from miniai.evaluate import prompt_accuracy, load_classifier
t0 = time.time()
real,prompts,labels = eval_set(500, seed=1)
prompts,labels = prompts[200:],labels[200:]
clf = load_classifier()
gs = [float(o) for o in sys.argv[1].split(',')] if len(sys.argv)>1 else [3., 5., 7.5]
rows = {}
models = [('teacher CFG, 32 steps', load_teacher(), 32)] + [(f'student {n}', load_student(n), 32 if n==64 else n)
                                                            for n in available_students()]
for name,parts,steps in models:
    for g in gs:
        imgs = mk_samples(prompts, g=g, seed=1, steps=steps, parts=parts, progress=False)
        r = prompt_accuracy(imgs, labels[:,0], labels[:,1], labels[:,2], clf=clf)
        rows.setdefault(name, {})[g] = round(r['all'], 4)
        print(name, g, r, f'{time.time()-t0:.0f}s', flush=True)
print(json.dumps(rows, indent=1))
