"""Choose Imagic's `fit` settings for minisd: several (embedding, fine-tune) settings on inputs that the notebook's sweep does not use.
usage: python benchmarks/imagic_settings.py  → benchmarks/imagic_settings_result.json (and a table on stdout)"""
import json, time, sys, torch
import pandas as pd
from miniai.diffusion import load_parts
from miniai.evaluate import load_classifier
from miniai.imagic import measure_edits, summarise

INPUTS = [(0,'orange','green'), (7,'blue','yellow'), (4,'purple','orange')]  # the notebook's sweep uses four others
KINDS = ['stroke','background','digit']
ALPHAS = [0, 0.4, 0.8, 1.0, 1.2, 1.6, 2.0]
CONFIGS = {
    'A: emb 100@1e-3, ft 100@5e-5': dict(),
    'B: emb 100@1e-2, ft 100@5e-5': dict(emb_lr=1e-2),
    'C: emb 100@1e-3, ft 50@2e-5': dict(ft_steps=50, ft_lr=2e-5),
    'D: emb 100@1e-2, ft 50@2e-5': dict(emb_lr=1e-2, ft_steps=50, ft_lr=2e-5),
}
if __name__=='__main__':
    parts,clf = load_parts(scheduler='ddim'),load_classifier()
    res,t0 = {},time.time()
    for name,kw in CONFIGS.items():
        df = measure_edits(parts, INPUTS, KINDS, [0], ALPHAS, [0.5, 0.7, 0.9], kw, steps=20, g=7.5, clf=clf)
        s = summarise(df).reset_index()
        im = s[s.method=='imagic']
        res[name] = dict(fit_s=float(df.fit_s.dropna().mean()),
                         per_alpha={k: im[im.edit==k].set_index('setting')[['success','iou','score']].round(3).to_dict('index') for k in KINDS},
                         best={k: float(im[im.edit==k].score.max()) for k in KINDS},
                         baselines={k: s[(s.edit==k)&(s.method!='imagic')].groupby('method').score.max().round(3).to_dict() for k in KINDS})
        print(name, f"fit {res[name]['fit_s']:.1f}s", 'best score per edit', res[name]['best'], 'baselines', res[name]['baselines'], f'({time.time()-t0:.0f}s)', flush=True)
    json.dump(dict(inputs=INPUTS, alphas=ALPHAS, sampler='DDIM 20 steps, g 7.5, seed 0', threads=torch.get_num_threads(), results=res),
              open('benchmarks/imagic_settings_result.json','w'), indent=1)
