"""Imagic on (input, edit) pairs drawn at random by seeded code (`miniai.imagic.random_pairs(64)`): the first 24 are
the tuning set, the other 40 the evaluation set. Each pair is measured by `measure_pair` (Imagic's reconstruction at
α = 0, Imagic at each α, the target prompt alone and img2img at strengths 0.3-0.9, all from the starting noise
1000 + the pair's index in its set; DDIM, 50 steps, guidance 7.5). The 02 notebook reads the result files.

usage: python benchmarks/imagic_random_edits.py SPLIT [START:END] [NAME FIT_JSON]
  SPLIT: tune or eval; START:END: a slice of that set; NAME FIT_JSON: `fit` settings other than its defaults
  → benchmarks/imagic_random_edits_SPLIT[_NAME][_START-END].json
       python benchmarks/imagic_random_edits.py summary FILE [FILE ...]  → the tables, for result files of one split"""
import sys, json, inspect, torch
import pandas as pd
from miniai.parts import load_parts
from miniai.evaluate import load_classifier
from miniai.imagic import Imagic
from miniai.imagic_eval import (random_pairs, measure_pair, score_frame, reconstruction, edit_summary, ALPHAS,
                           STRENGTHS)

N_PAIRS,N_TUNE,SEED0 = 64,24,1000

def fit_defaults():
    "`Imagic.fit`'s default settings."
    return {k: v.default for k,v in inspect.signature(Imagic.fit).parameters.items()
            if k in ('emb_steps','emb_lr','ft_steps','ft_lr','bs','seed')}

def run(split, start=None, end=None, fit_kw=None):
    pairs = random_pairs(N_PAIRS)
    pairs = pairs[:N_TUNE] if split=='tune' else pairs[N_TUNE:]
    parts,clf,rows = load_parts(scheduler='ddim'),load_classifier(),[]
    fit_kw = {**fit_defaults(), **(fit_kw or {})}
    for j in range(len(pairs))[start:end]:
        sc,_ = measure_pair(pairs[j], seed=SEED0+j, parts=parts, fit_kw=fit_kw, clf=clf)
        rows.append(sc)
        print(f"{j} {pairs[j].kind:10s} {sc['prompt']!r:40s} fit {sc['fit_s']:.0f}s | reconstruction {sc['recon']['success'][0]:.0f}, "
              f"IoU {sc['recon']['iou'][0]:.2f} | imagic {sc['imagic']['success']} | img2img {sc['img2img']['success']} "
              f"| prompt {sc['target_prompt']['success']}", flush=True)
    return dict(split=split, n_pairs=N_PAIRS, n_tune=N_TUNE, slice=[start,end], fit_kw=fit_kw, alphas=ALPHAS,
                strengths=STRENGTHS, sampler='DDIM 50 steps, g 7.5', threads=torch.get_num_threads(), rows=rows)

def summary(*paths):
    "Reconstruction per pair and the per-kind summary (Imagic at α = 0.8, the default), over result files of one split."
    ds = [json.load(open(p)) for p in paths]
    rows = [r for d in ds for r in d['rows']]
    return reconstruction(rows), edit_summary(score_frame(rows, ds[0]['alphas'], ds[0]['strengths']), 0.8)

if __name__=='__main__':
    if sys.argv[1]=='summary':
        pd.set_option('display.width', 200); pd.set_option('display.max_rows', 200)
        rec,tab = summary(*sys.argv[2:])
        fit_s = pd.Series([r['fit_s'] for p in sys.argv[2:] for r in json.load(open(p))['rows']])
        print(f'{len(rec)} pairs; reconstruction at α=0: {rec.reconstructed.mean():.3f}',
              rec.groupby('edit').reconstructed.mean().round(3).to_dict(), f'mean IoU {rec.iou.mean():.3f};',
              f'fit s mean {fit_s.mean():.1f}, max {fit_s.max():.1f}')
        print(tab.round(3).to_string())
    else:
        split,args = sys.argv[1],sys.argv[2:]
        a,b = (int(o) if o else None for o in args.pop(0).split(':')) if args and ':' in args[0] else (None,None)
        name,fit_kw = (args[0],json.loads(args[1])) if args else (None,None)
        res = run(split, a, b, fit_kw)
        tail = (f'_{name}' if name else '') + (f'_{a or 0}-{b if b is not None else "end"}' if (a,b)!=(None,None) else '')
        json.dump(res, open(f'benchmarks/imagic_random_edits_{split}{tail}.json', 'w'))
