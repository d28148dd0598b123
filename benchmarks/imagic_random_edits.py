"""Imagic on (input, edit) pairs drawn at random by seeded code: validation digits (minisd never trained on them) in
random colours, an edit kind (stroke colour, background colour, both, digit: in turn, so each split has as many
of each) and a random target. The first
`n_tune` pairs are the tuning set, the rest the evaluation set. For each pair: Imagic's reconstruction at α = 0, its
edits at a grid of α, and the baselines on the same pair and noise: the target prompt alone and image-to-image at
strengths 0.3-0.9. DDIM, 50 steps, guidance 7.5.
usage: python benchmarks/imagic_random_edits.py SPLIT [START:END] [FIT_JSON]  (SPLIT: tune or eval; FIT_JSON: `fit` settings)
   → benchmarks/imagic_random_edits_SPLIT[_START-END].json;  python benchmarks/imagic_random_edits.py summary JSON → tables"""
import sys, json, random, time, torch
from miniai.data import digits, colourise, mk_caption, COLOURS, HELDOUT
from miniai.diffusion import load_parts, mk_samples
from miniai.evaluate import load_classifier
from miniai.imagic import Imagic, edit_score, DIGIT_EDITS

KINDS = ['stroke', 'background', 'both', 'digit']
ALPHAS = [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4]
STRENGTHS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
N_PAIRS, N_TUNE = 64, 24

def random_pairs(n=N_PAIRS, seed=0):
    "`n` (index into the digits: a validation one, digit, fg, bg, kind, target digit, target fg, target bg), drawn with `random.Random(seed)`."
    xs,ys,_,val = digits()
    rng,held,pairs = random.Random(seed),set(HELDOUT),[]
    ok = lambda d,f,b: f!=b and (d,f,b) not in held
    while len(pairs)<n:
        i = rng.randrange(len(val)); d = int(ys[val[i]])
        f,b = rng.sample(COLOURS, 2); kind = KINDS[len(pairs)%len(KINDS)]
        if not ok(d,f,b): continue
        tf = rng.choice([c for c in COLOURS if c not in (f,b)]) if kind in ('stroke','both') else f
        tb = rng.choice([c for c in COLOURS if c not in (f,b,tf)]) if kind in ('background','both') else b
        td = DIGIT_EDITS[d] if kind=='digit' else d
        if ok(td,tf,tb): pairs.append((int(val[i]), d, f, b, kind, td, tf, tb))
    return pairs

def run(pairs, fit_kw, steps=50, g=7.5):
    parts,clf,xs = load_parts(scheduler='ddim'),load_classifier(),digits()[0]
    rows,t0 = [],time.time()
    for k,(i,d,f,b,kind,td,tf,tb) in enumerate(pairs):
        x_in,prompt,seed = colourise(xs[i], f, b),mk_caption(td, tf, tb),1000+k
        im = Imagic(parts).fit(x_in, prompt, progress=False, **fit_kw)
        out = im.edit(ALPHAS, g=g, steps=steps, seed=seed)
        sc = lambda o,*tgt: {key: v.tolist() for key,v in edit_score(o, x_in, *tgt, clf=clf).items()}
        tp = mk_samples([prompt], g=g, seed=seed, steps=steps, parts=parts, progress=False)
        i2i = torch.cat([mk_samples([prompt], g=g, seed=seed, steps=steps, image=x_in, strength=s, parts=parts,
                                    progress=False) for s in STRENGTHS])
        rows.append(dict(pair=(i,d,f,b,kind,td,tf,tb), prompt=prompt, fit_s=im.fit_seconds,
                         recon=sc(out[:1], d, f, b), imagic=sc(out, td, tf, tb), target_prompt=sc(tp, td, tf, tb),
                         img2img=sc(i2i, td, tf, tb)))
        r = rows[-1]
        print(f"{k} {kind:10s} {prompt!r:40s} fit {im.fit_seconds:.0f}s recon ok {r['recon']['success'][0]:.0f} iou "
              f"{r['recon']['iou'][0]:.2f} | imagic success {r['imagic']['success']} | i2i {r['img2img']['success']} "
              f"| prompt {r['target_prompt']['success']} ({time.time()-t0:.0f}s)", flush=True)
    return rows

if __name__=='__main__' and sys.argv[1]!='summary':
    split = sys.argv[1]
    a,b = (int(o) if o else None for o in sys.argv[2].split(':')) if len(sys.argv)>2 else (None,None)
    fit_kw = json.loads(sys.argv[3]) if len(sys.argv)>3 else dict(emb_steps=300, emb_lr=1e-2, ft_steps=150, ft_lr=5e-5)
    pairs = random_pairs()
    pairs = pairs[:N_TUNE] if split=='tune' else pairs[N_TUNE:]
    rows = run(pairs[a:b], fit_kw)
    part = f'_{a or 0}-{b or len(pairs)}' if len(sys.argv)>2 else ''
    json.dump(dict(split=split, pairs=[a,b], fit_kw=fit_kw, alphas=ALPHAS, strengths=STRENGTHS,
                   sampler='DDIM 50 steps, g 7.5', threads=torch.get_num_threads(), rows=rows),
              open(f'benchmarks/imagic_random_edits_{split}{part}.json', 'w'))

def summary(*paths):
    "Per edit kind: Imagic at each α and at its best α per pair, the target prompt, img2img at each strength and at its best per pair."
    import pandas as pd
    ds = [json.load(open(p)) for p in paths]; d,rows = ds[0],[r for o in ds for r in o['rows']]
    recon = pd.DataFrame([dict(kind=r['pair'][4], ok=r['recon']['success'][0], iou=r['recon']['iou'][0]) for r in rows])
    recon['reconstructed'] = (recon.ok==1) & (recon.iou>=0.5)
    out = {}
    for r in rows:
        k = r['pair'][4]
        for j,a in enumerate(d['alphas']):
            out.setdefault((k, f'imagic α={a}'), []).append([r['imagic'][m][j] for m in ('success','iou','score')])
        for j,s in enumerate(d['strengths']):
            out.setdefault((k, f'img2img {s}'), []).append([r['img2img'][m][j] for m in ('success','iou','score')])
        out.setdefault((k, 'target prompt'), []).append([r['target_prompt'][m][0] for m in ('success','iou','score')])
        for name in ('imagic', 'img2img'):
            j = max(range(len(r[name]['score'])), key=lambda j: r[name]['score'][j])
            out.setdefault((k, f'{name}, best per pair'), []).append([r[name][m][j] for m in ('success','iou','score')])
    tab = pd.DataFrame({key: pd.DataFrame(v, columns=['success','iou','score']).mean() for key,v in out.items()}).T
    tab.index.names = ['edit','method']
    return recon, tab

if __name__=='__main__' and sys.argv[1]=='summary':
    import pandas as pd; pd.set_option('display.width', 200); pd.set_option('display.max_rows', 200)
    recon,tab = summary(*sys.argv[2:])
    print(f'{len(recon)} pairs;', 'reconstruction at α=0:', recon.reconstructed.mean(), recon.groupby('kind').reconstructed.mean().to_dict(),
          'mean IoU', recon.iou.mean().round(3), 'fit s', pd.Series([r['fit_s'] for p in sys.argv[2:] for r in json.load(open(p))['rows']]).describe()[['mean','max']].round(1).to_dict())
    print(tab.round(3).to_string())
