"""Does a longer round help the students' stroke colours? Round 8→4 continued from the shipped 4-step student for
another 900 steps (1,800 in all, teacher: the shipped 8-step student, new data order: seed 43), then both 4-step
students on the tuning prompts (validation digits 200-499 of `eval_set(500, seed=1)`; 03 reports on the first 200)
at g 5, 7.5 and 10.
usage: python benchmarks/distill_round_length.py OUT  (about 30 minutes on 2 CPU cores; the log goes to OUT)"""
import sys, time
from miniai.distill import distill_all, load_student, eval_set, STUDENTS
from miniai.diffusion import mk_samples
from miniai.evaluate import prompt_accuracy, load_classifier

if __name__=='__main__':
    out = sys.argv[1]
    distill_all(out, init=STUDENTS, round_steps={4:900}, keep=(4,), seed=43)
    t0 = time.time()
    real,prompts,labels = eval_set(500, seed=1); prompts,labels = prompts[200:],labels[200:]
    clf = load_classifier()
    for path in [STUDENTS, out]:
        sp = load_student(4, path=path)
        for g in [5., 7.5, 10.]:
            imgs = mk_samples(prompts, g=g, seed=1, steps=4, parts=sp, progress=False)
            r = prompt_accuracy(imgs, labels[:,0], labels[:,1], labels[:,2], clf=clf)
            print(path, 4, g, round(r['all'],4), f'{time.time()-t0:.0f}s', flush=True)
