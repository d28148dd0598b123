"""Run a few steps of every trainer (VAE, text-to-image, classifier, guided distillation, a round, Imagic), an Imagic
edit and a sample with the miniai this process imports, and print the losses as JSON. Run it under two versions to check
that a refactor changed nothing: `PYTHONPATH=<old checkout> python benchmarks/trainers_equivalence.py`."""
import json, sys, torch, copy
import miniai
out = {'miniai': miniai.__file__}
try:
    from miniai.train import train_vae, train_t2i, train_classifier
    from miniai.data import digits, ColouredDigits
    from miniai.minisd import build_clip_tokenizer
    xs,ys,trn,_ = digits()
except ImportError:
    from miniai.minisd import train_vae, train_t2i, train_classifier, ColouredDigits, load_digits, split_digits, build_clip_tokenizer
    xs,ys = load_digits(); trn,_ = split_digits(ys)
from miniai.parts import load_parts
from miniai.diffusion import mk_samples
from miniai.distill import train_guided, distill_round, latent_bank
from miniai.imagic import Imagic, input_digit
ds = ColouredDigits(xs[trn], ys[trn])
tok = build_clip_tokenizer()
v,l = train_vae(ds, steps=4, bs=8); out['vae'] = l
_,_,l = train_t2i(ds, v, steps=4, bs=8, tokenizer=tok); out['t2i'] = l
_,l = train_classifier(ColouredDigits(xs[trn], ys[trn], exclude=[]), steps=4, bs=8); out['clf'] = l
p = load_parts(scheduler='ddim')
bank = latent_bank(n=64, parts=p)
st,l = train_guided(bank, steps=3, bs=8, parts=p); out['guided'] = l
p = load_parts(scheduler='ddim')
_,l = distill_round(st, bank, 32, steps=3, bs=8, parts=p); out['round'] = l
p = load_parts(scheduler='ddim')
im = Imagic(p).fit(input_digit(3,'green','black'), 'a red 3 on a black background', emb_steps=5, ft_steps=5, progress=False)
out['imagic_emb'], out['imagic_ft'] = im.losses['emb'], im.losses['ft']
out['imagic_edit'] = im.edit([0., 1.], steps=5).sum().item()
out['mk_samples'] = mk_samples(['a red 7', 'a blue 3'], steps=10, parts=p, progress=False).sum().item()
print(json.dumps(out))
