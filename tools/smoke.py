"""The package as a user imports it: a fresh process, no notebook, default arguments where a user would leave them.

Imports every public name of every `miniai` module, calls each main entry point once on small inputs, loads the
bundled model with the stock diffusers pipeline (no dtype argument) and runs the command line from a shell, checking
its exit status. Prints one line per check and a summary line; exits 1 on the first failure.
`--no-cli` leaves the command line out (CI's main run: notebook 01b_cli runs the same two commands from a shell);
`--cli-in-process` calls the command's function in this process instead of starting it from a shell (CI's floor run:
what the versions of transformers and diffusers change is the loading and sampling inside it, not the shell's exit
status, which 01b_cli checks).
usage: python tools/smoke.py [--no-cli | --cli-in-process]"""
import contextlib, importlib, io, pkgutil, shutil, subprocess, sys, tempfile, time
from pathlib import Path

t0 = time.time()
def ok(what, t): print(f'ok  {what} ({time.time()-t:.1f}s)', flush=True)

t = time.time()
import miniai
names = 0
for m in sorted(o.name for o in pkgutil.iter_modules(miniai.__path__) if not o.name.startswith('_') and o.name!='models'):
    mod = importlib.import_module(f'miniai.{m}')
    for n in mod.__all__: getattr(mod, n); names += 1
import transformers, diffusers
ok(f'imported {names} public names from every miniai module (torch {__import__("torch").__version__}, transformers {transformers.__version__}, diffusers {diffusers.__version__})', t)

import torch
from miniai.diffusion import mk_samples
from miniai.evaluate import prompt_accuracy
check_ps, check_labels = ['a red 7 on a blue background', 'a yellow 3 on a black background'], ([7,3], ['red','yellow'], ['blue','black'])
t = time.time(); imgs = mk_samples(check_ps, steps=20, progress=False)
assert imgs.shape==(2,3,32,32) and imgs.isfinite().all()
# read back: a text encoder that loaded wrong (random weights) still draws pictures, but not these
assert prompt_accuracy(imgs, *check_labels)['all']==1, prompt_accuracy(imgs, *check_labels)
ok('mk_samples, bundled model, defaults: both prompts drawn right', t)

from miniai.deepdive import attention_maps, textual_inversion
t = time.time(); am = attention_maps('a red 7 on a blue background', steps=3)
assert am.maps[0].shape[-2:]==(32,32) and len(am.tokens[0])==len(am.maps[0]); ok('attention_maps', t)

from miniai.data import colourise, digits
xs,ys,_,val = digits()
t = time.time(); p,losses = textual_inversion(colourise(xs[val[:2]], '#00ffff', 'black'), '<cyan>', steps=2, progress=False)
assert len(losses)==2 and '<cyan>' in p.tokenizer.get_vocab(); ok('textual_inversion, 2 steps', t)

from miniai.imagic import Imagic, input_digit
t = time.time(); im = Imagic().fit(input_digit(3, 'green', 'black'), 'a red 3 on a black background', emb_steps=2, ft_steps=2, progress=False)
assert im.edit([0, 1], steps=2).shape==(2,3,32,32); ok('Imagic.fit (2+2 steps) and edit', t)

from miniai.inversion import invert_image, edit_inverted
from miniai.evaluate import stroke_mask, mask_iou
t = time.time(); x = input_digit(3, 'green', 'black')
inv = invert_image(x, 'a green 3 on a black background', steps=20)
back = edit_inverted(inv, 'a green 3 on a black background')  # g = 1: the round trip
assert prompt_accuracy(back, 3, 'green', 'black')['all']==1 and mask_iou(stroke_mask(back), stroke_mask(x))>0.6
ok('invert_image and edit_inverted: the input comes back', t)

from miniai.distill import load_student, available_students
t = time.time(); st = load_student(4)
assert mk_samples('a red 7', steps=4, parts=st, progress=False).shape==(1,3,32,32); ok(f'load_student(4) of {available_students()}, sampled', t)

from miniai.core import MINISD, hf_quiet
with hf_quiet(): from diffusers import StableDiffusionPipeline
t = time.time()
with hf_quiet(warnings=False): pipe = StableDiffusionPipeline.from_pretrained(MINISD)  # as a user loads it; no loading bars in the log
pipe.set_progress_bar_config(disable=True)
out = pipe(check_ps, num_inference_steps=20, generator=torch.Generator().manual_seed(0), output_type='pt').images
assert out.shape==(2,3,32,32) and out.isfinite().all()
assert prompt_accuracy(out*2-1, *check_labels)['all']==1, prompt_accuracy(out*2-1, *check_labels)
ok('StableDiffusionPipeline.from_pretrained(MINISD), no dtype argument: both prompts drawn right', t)

from miniai.core import MINISD_DUO
from miniai.parts import load_parts
from miniai.duo import duo_samples, prompt_to_prompt
from miniai.evaluate import read_duo, duo_scores
t = time.time()
with hf_quiet(warnings=False): dpipe = StableDiffusionPipeline.from_pretrained(MINISD_DUO)
dpipe.set_progress_bar_config(disable=True)
out = dpipe(['a red 3 and a blue 7 on a black background'], height=32, width=64, num_inference_steps=20,
            generator=torch.Generator().manual_seed(0), output_type='pt').images
assert out.shape==(1,3,32,64) and out.isfinite().all(); ok('StableDiffusionPipeline.from_pretrained(MINISD_DUO), 32x64', t)
t = time.time(); duo = load_parts(MINISD_DUO); lab = [(3, 'red', 7, 'blue', 'black')]
s = duo_scores(read_duo(duo_samples(lab, steps=20, parts=duo)), lab)
assert s['d1'].item()==1 and s['d2'].item()==1, s
pp = prompt_to_prompt('a red 3 and a blue 7 on a black background', ['a red 3 and a green 7 on a black background'],
                      steps=5, height=32, width=64, parts=duo)
assert pp.shape==(2,3,32,64); ok('minisd-duo: duo_samples reads back both digits; prompt_to_prompt', t)

if '--no-cli' not in sys.argv:
    with tempfile.TemporaryDirectory() as d:
        if '--cli-in-process' in sys.argv:
            from miniai.cli import miniai_sample
            t = time.time()
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):  # its progress bar and message
                miniai_sample('a red 7 on a blue background', steps=5, out=f'{d}/s.png')
            assert Path(f'{d}/s.png').exists(); ok('miniai_sample, called in this process, saves the picture', t)
        else:
            exe = shutil.which('miniai_sample')
            assert exe, 'miniai_sample is not on PATH'
            t = time.time(); r = subprocess.run([exe, 'a red 7 on a blue background', '--steps', '5', '--out', f'{d}/s.png'], capture_output=True, text=True)
            assert r.returncode==0 and Path(f'{d}/s.png').exists(), (r.returncode, r.stderr[-500:]); ok('miniai_sample exits 0 and saves the picture', t)
            t = time.time(); r = subprocess.run([exe, 'a red 7', '--n', '0'], capture_output=True, text=True)
            assert r.returncode==2 and r.stderr.strip().count('\n')==0 and 'Traceback' not in r.stderr, (r.returncode, r.stderr)
            ok('miniai_sample exits 2 with one line on a bad argument', t)
print(f'smoke: every check passed in {time.time()-t0:.0f}s')
