"""Which stroke colours the distilled students get wrong: the teacher (CFG, 32 steps), the stage-1 student (32 steps) and the
4-step student on the 200 validation prompts of `eval_set(200, seed=1)`, guidance 7.5, seed 1. A lead for improving stage 1."""
import torch, collections, time
from miniai.distill import load_teacher, load_student, eval_set, available_students
from miniai.diffusion import mk_samples
from miniai.evaluate import read_colours, load_classifier
from miniai.data import COLOURS
t0=time.time()
real,prompts,labels = eval_set(200, seed=1)
teacher = load_teacher()
rows = {}
for name,parts,steps in [('teacher CFG, 32 steps', teacher, 32), ('stage-1 student, 32 steps', load_student(64), 32), ('4-step student', load_student(4), 4)]:
    imgs = mk_samples(prompts, g=7.5, seed=1, steps=steps, parts=parts, progress=False)
    fo,bo = read_colours(imgs)
    wrong = collections.Counter(); asked = collections.Counter(); into = collections.Counter()
    for (d,f,b),o in zip(labels.tolist(), fo.tolist()):
        asked[COLOURS[f]] += 1
        if o!=f: wrong[COLOURS[f]] += 1; into[(COLOURS[f],COLOURS[o])] += 1
    rows[name] = (sum(wrong.values()), dict(wrong), into.most_common(5))
for k,v in rows.items(): print(k, '| stroke wrong:', v[0], 'of 200 | by asked colour:', v[1], '| most common (asked, drawn):', v[2])
print('asked per colour:', dict(asked), f'{time.time()-t0:.0f}s')
