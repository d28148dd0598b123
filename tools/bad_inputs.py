"""Bad and edge inputs to miniai's public API, tried in a fresh process as a new user would call it.

Each case expects either a clear error (ValueError, TypeError or FileNotFoundError whose message names the argument in
backticks, raised before any heavy work: after at most 5 UNet passes, counted by a hook on every UNet) or a sensible
result (the check beside it passes). Anything else is counted as bad: a crash inside torch, diffusers or transformers
(another exception type), an error that does not name the argument, a silently accepted bad input, a wrong result, or a
run past the time limit (unbounded work).

usage: python tools/bad_inputs.py [--list]   → one line per module with its counts; exit 1 if any case is bad"""
import sys, io, re, signal, time, warnings, tempfile, contextlib
from collections import Counter, defaultdict
import numpy as np, torch
from PIL import Image

CLEAR,LIMIT = (ValueError, TypeError, FileNotFoundError),30  # seconds before a case counts as unbounded work
HEAVY = 5  # UNet passes: a clear error that comes after more came after heavy work (a case's own setup stays under it)
unet_passes = [0]
def _count(module, args):
    if type(module).__name__=='UNet2DConditionModel': unet_passes[0] += 1
torch.nn.modules.module.register_module_forward_pre_hook(_count)  # every UNet, whoever loaded it
cases = []
def bad(module, what, fn, needs=None):
    "A bad input: it must raise a clear error, naming `needs` (default: any argument in backticks)."
    cases.append((module, what, fn, 'error', needs))
def ok(module, what, fn, check=lambda r: True):
    "An edge input with a sensible answer: it must return, and `check(result)` must hold."
    cases.append((module, what, fn, 'ok', check))
def warns(module, what, fn, pattern):
    "An input whose result is not finite: it must return with a warning that contains `pattern`."
    cases.append((module, what, fn, 'warn', pattern))

from miniai.core import show_images, image_grid, as_parts, timed
from miniai.parts import load_parts, mk_scheduler, model_path, vae_sources, get_parts
from miniai.training import alpha_sigma, noisy, guidance_embedding
from miniai.data import colourise, mk_caption, colour_rgb, heldout_combos
from miniai.evaluate import prompt_accuracy, read_colours, stroke_mask, mask_iou, load_classifier, frechet_distance
from miniai.diffusion import text_enc, mk_img, mk_samples, latents_callback
from miniai.deepdive import (token_ids, token_embeds, encode_embeds, swap_word, word_id, with_token, textual_inversion,
                             loss_guide, blue_loss, prompt_tokens, attention_maps, attention_mass)
from miniai.imagic import Imagic, input_digit, fit_image
from miniai.imagic_eval import random_pairs, edit_score
from miniai.inversion_eval import tune_null_text, tune_edit_g, evaluate_inversion, recon_row, best_g, load_eval
from miniai.inversion import ddim_invert, null_text_invert, sample_inverted, invert_image, edit_inverted, ddim_levels
from miniai.distill import ddim_grid, load_student, student_parts
from miniai.train import train_duo, tune_duo_decoder
from miniai.matmul import matmul, matmul_numba, matmul_einsum, matmul_broadcast, chunks
from miniai.rng import WichmannHill, rand_tensor
from miniai.core import MINISD_DUO
from miniai.data import duo_caption, duo_labels, duo_prompt, DuoDigits, digits
from miniai.evaluate import read_duo, duo_scores, halves
from miniai.duo import duo_samples, duo_eval, word_places, word_sides, prompt_to_prompt, changed_tokens, random_edit, binding_guide
from miniai import rng

P = load_parts()
x3 = input_digit(3, 'green', 'black')
img = Image.new('RGB', (32,32), (0,0,0))
cond = text_enc('a green 3 on a black background', parts=P)

# ---- core
bad('core', 'show_images([])', lambda: show_images([]))
bad('core', 'show_images of a string', lambda: show_images('abc'))
bad('core', 'image_grid([])', lambda: image_grid([]))
bad('core', 'image_grid of tensors', lambda: image_grid([torch.zeros(3,8,8)]))
bad('core', 'as_parts of a string', lambda: as_parts('minisd'))
bad('core', 'as_parts of a number', lambda: as_parts(3))
bad('core', 'timed with n=0', lambda: timed(lambda: 1, n=0))
# ---- parts
bad('parts', 'load_parts of a missing folder', lambda: load_parts('/no/such/folder'))
bad('parts', 'load_parts(model=3)', lambda: load_parts(3))
bad('parts', 'load_parts(dtype="float16")', lambda: load_parts(dtype='float16'))
bad('parts', 'load_parts(scheduler="fast")', lambda: load_parts(scheduler='fast'))
bad('parts', 'load_parts(device="cuda") without CUDA', lambda: load_parts(device='cuda') if not torch.cuda.is_available() else (_ for _ in ()).throw(ValueError('`device` skipped: CUDA present')))
bad('parts', 'load_parts(device="tpu")', lambda: load_parts(device='tpu'))
bad('parts', 'load_parts(vae=3)', lambda: load_parts(vae=3))
bad('parts', 'mk_scheduler("fast")', lambda: mk_scheduler('fast'))
bad('parts', 'mk_scheduler(3)', lambda: mk_scheduler(3))
bad('parts', 'model_path("")', lambda: model_path(''))
bad('parts', 'vae_sources(None)', lambda: vae_sources(None))
bad('parts', 'get_parts("minisd")', lambda: get_parts('minisd'))
ok('parts', "load_parts(scheduler='euler') draws what Parts with mk_scheduler('euler') draws",
   lambda: (mk_samples('a red 3', steps=10, parts=load_parts(scheduler='euler'), progress=False)
            - mk_samples('a red 3', steps=10, parts=as_parts(P).__class__(P.tokenizer, P.text_encoder, P.vae, P.unet, mk_scheduler('euler')), progress=False)).abs().max().item(),
   lambda r: r==0)
# ---- training
bad('training', 'alpha_sigma(-5)', lambda: alpha_sigma(torch.tensor([-5])))
bad('training', 'alpha_sigma(1000)', lambda: alpha_sigma(torch.tensor([1000])))
bad('training', 'alpha_sigma of a float tensor', lambda: alpha_sigma(torch.tensor([3.5])))
bad('training', 'alpha_sigma of an int', lambda: alpha_sigma(5))
ok('training', 'alpha_sigma(-1): α²+σ²=1', lambda: alpha_sigma(torch.tensor([-1])), lambda r: abs(float(r[0]**2+r[1]**2)-1)<1e-6)
bad('training', 'noisy with t out of range', lambda: noisy(torch.zeros(1,4,8,8), torch.tensor([5000])))
# ---- data
bad('data', 'colourise with an unknown colour', lambda: colourise(torch.zeros(28,28), 'mauve', 'black'))
bad('data', 'colourise with palette index 9 (of 8)', lambda: colourise(torch.zeros(28,28), 9, 'black'))
ok('data', 'colourise with palette index 3 (green)', lambda: colourise(torch.zeros(28,28), 3, 'black'), lambda r: r.shape==(1,3,32,32))
bad('data', 'mk_caption(10)', lambda: mk_caption(10))
bad('data', 'mk_caption(-1)', lambda: mk_caption(-1))
bad('data', 'mk_caption("3")', lambda: mk_caption('3'))
bad('data', 'mk_caption(3, 5)', lambda: mk_caption(3, 5))
bad('data', 'colour_rgb("mauve")', lambda: colour_rgb('mauve'))
bad('data', 'heldout_combos(frac=2)', lambda: heldout_combos(frac=2))
ok('data', 'mk_caption(3)', lambda: mk_caption(3), lambda r: r=='a 3')
# ---- evaluate
bad('evaluate', 'prompt_accuracy with digit 70', lambda: prompt_accuracy(x3, digit=70))
bad('evaluate', 'prompt_accuracy with colour "mauve"', lambda: prompt_accuracy(x3, digit=3, fg='mauve'))
bad('evaluate', 'prompt_accuracy of a list', lambda: prompt_accuracy([x3], digit=3))
bad('evaluate', 'prompt_accuracy of greyscale images', lambda: prompt_accuracy(torch.zeros(1,1,32,32), digit=3))
bad('evaluate', 'prompt_accuracy with 3 labels for 1 image', lambda: prompt_accuracy(x3, digit=[3,4,5]))
bad('evaluate', 'read_colours of a (3,32,32) tensor', lambda: read_colours(x3[0]))
bad('evaluate', 'stroke_mask of an int tensor', lambda: stroke_mask(torch.zeros(1,3,32,32, dtype=torch.long)))
bad('evaluate', 'mask_iou of different shapes', lambda: mask_iou(torch.ones(1,32,32,dtype=torch.bool), torch.ones(1,16,16,dtype=torch.bool)))
bad('evaluate', 'load_classifier of a missing file', lambda: load_classifier('/no/such/file.safetensors'))
bad('evaluate', 'frechet_distance of 1 sample', lambda: frechet_distance(torch.zeros(1,8), torch.zeros(1,8)))
ok('evaluate', 'prompt_accuracy on the input 3', lambda: prompt_accuracy(x3, digit=3, fg='green', bg='black'), lambda r: r['all']==1)
# ---- diffusion
bad('diffusion', 'text_enc([])', lambda: text_enc([], parts=P))
bad('diffusion', 'text_enc(["a", 1])', lambda: text_enc(['a', 1], parts=P))
bad('diffusion', 'text_enc(None)', lambda: text_enc(None, parts=P))
bad('diffusion', 'text_enc(maxlen=500)', lambda: text_enc('a 3', maxlen=500, parts=P))
bad('diffusion', 'text_enc(parts="minisd")', lambda: text_enc('a 3', parts='minisd'))
bad('diffusion', 'mk_img of a batch', lambda: mk_img(torch.zeros(2,3,8,8)))
bad('diffusion', 'mk_img of a numpy array', lambda: mk_img(np.zeros((3,8,8))))
bad('diffusion', 'mk_samples([])', lambda: mk_samples([], parts=P, progress=False))
bad('diffusion', 'mk_samples(3)', lambda: mk_samples(3, parts=P, progress=False))
bad('diffusion', 'mk_samples(steps=0)', lambda: mk_samples('a 3', steps=0, parts=P, progress=False))
bad('diffusion', 'mk_samples(steps=10**6)', lambda: mk_samples('a 3', steps=10**6, parts=P, progress=False))
bad('diffusion', 'mk_samples(g=nan)', lambda: mk_samples('a 3', g=float('nan'), parts=P, progress=False))
bad('diffusion', 'mk_samples(g="7.5")', lambda: mk_samples('a 3', g='7.5', parts=P, progress=False))
bad('diffusion', 'mk_samples(seed=-1)', lambda: mk_samples('a 3', seed=-1, parts=P, progress=False))
bad('diffusion', 'mk_samples(height=33)', lambda: mk_samples('a 3', height=33, parts=P, progress=False))
bad('diffusion', 'mk_samples(height=10**5)', lambda: mk_samples('a 3', height=10**5, parts=P, progress=False))
bad('diffusion', 'mk_samples with a 0x0 image', lambda: mk_samples('a 3', image=torch.zeros(1,3,0,0), parts=P, progress=False))
bad('diffusion', 'mk_samples(strength=2)', lambda: mk_samples('a 3', image=x3, strength=2, parts=P, progress=False))
bad('diffusion', 'mk_samples with prompts and embs', lambda: mk_samples('a 3', embs=cond, parts=P, progress=False))
bad('diffusion', 'mk_samples with 2 negative prompts for 1', lambda: mk_samples('a 3', negative_prompt=['a', 'b'], parts=P, progress=False))
bad('diffusion', 'mk_samples(callback=3)', lambda: mk_samples('a 3', callback=3, parts=P, progress=False))
bad('diffusion', 'mk_samples(guide="x")', lambda: mk_samples('a 3', guide='x', parts=P, progress=False))
bad('diffusion', 'a guide that returns None', lambda: mk_samples('a 3', steps=4, guide=lambda i,t,l,n: None, parts=P, progress=False))
bad('diffusion', 'a guide that returns the wrong shape', lambda: mk_samples('a 3', steps=4, guide=lambda i,t,l,n: l[:,:2], parts=P, progress=False))
warns('diffusion', 'a guide that returns NaN', lambda: mk_samples('a 3', steps=4, guide=lambda i,t,l,n: l*float('nan'), parts=P, progress=False), 'step')
bad('diffusion', 'mk_samples with NaN latents', lambda: mk_samples('a 3', latents=torch.full((1,4,8,8), float('nan')), parts=P, progress=False))
bad('training', 'guidance_embedding of a 2-D tensor', lambda: guidance_embedding(torch.ones(2,2), 8))
bad('training', 'guidance_embedding(dim=0)', lambda: guidance_embedding(3., 0))
ok('training', 'guidance_embedding of a 0-d tensor', lambda: guidance_embedding(torch.tensor(3.), 8), lambda r: r.shape==(1,8))
ok('diffusion', 'mk_samples("") draws the empty prompt', lambda: mk_samples('', steps=4, parts=P, progress=False), lambda r: r.shape==(1,3,32,32))
ok('diffusion', 'mk_samples of a very long prompt (cut at 77 tokens)', lambda: mk_samples('a red 3 '*60, steps=4, parts=P, progress=False), lambda r: r.isfinite().all())
ok('diffusion', 'mk_samples(g=0) (the unconditional model)', lambda: mk_samples('a 3', g=0, steps=4, parts=P, progress=False), lambda r: r.isfinite().all())
bad('diffusion', 'latents_callback(None)', lambda: latents_callback(None))
# ---- deepdive
bad('deepdive', 'token_ids([])', lambda: token_ids([], parts=P))
bad('deepdive', 'token_ids(["a", 1])', lambda: token_ids(['a', 1], parts=P))
bad('deepdive', 'token_ids(3)', lambda: token_ids(3, parts=P))
bad('deepdive', 'token_embeds with id 49408', lambda: token_embeds(torch.tensor([[49408]]), parts=P))
bad('deepdive', 'token_embeds with id -1', lambda: token_embeds(torch.tensor([[-1]]), parts=P))
bad('deepdive', 'token_embeds of float ids', lambda: token_embeds(torch.tensor([[1.5]]), parts=P))
bad('deepdive', 'token_embeds of a list', lambda: token_embeds([[1, 2]], parts=P))
ok('deepdive', 'encode_embeds of float64 (cast to the encoder)', lambda: encode_embeds(torch.zeros(1,5,P.text_encoder.config.hidden_size, dtype=torch.float64), parts=P), lambda r: r.shape==(1,5,P.text_encoder.config.hidden_size))
bad('deepdive', 'encode_embeds of the wrong width', lambda: encode_embeds(torch.zeros(1,5,7), parts=P))
bad('deepdive', 'encode_embeds of 0 positions', lambda: encode_embeds(torch.zeros(1,0,P.text_encoder.config.hidden_size), parts=P))
bad('deepdive', 'encode_embeds with NaN', lambda: encode_embeds(torch.full((1,5,P.text_encoder.config.hidden_size), float('nan')), parts=P))
bad('deepdive', 'swap_word([], ...)', lambda: swap_word([], 'red', 'blue', parts=P))
bad('deepdive', 'swap_word of a word not in the prompt', lambda: swap_word(['a red 3'], 'blue', 'green', parts=P))
bad('deepdive', 'swap_word with a two-token word', lambda: swap_word(['a red 3'], 'red', 'zzqx', parts=P))
bad('deepdive', 'word_id(3)', lambda: word_id(3, parts=P))
bad('deepdive', 'with_token("red") (already a word)', lambda: with_token('red', parts=P))
bad('deepdive', 'with_token("")', lambda: with_token('', parts=P))
bad('deepdive', 'textual_inversion([])', lambda: textual_inversion([], '<x>', parts=P, progress=False))
bad('deepdive', 'textual_inversion(bs=10**6)', lambda: textual_inversion([x3], '<x>', bs=10**6, parts=P, progress=False))
bad('deepdive', 'textual_inversion(steps=10**9)', lambda: textual_inversion([x3], '<x>', steps=10**9, parts=P, progress=False))
bad('deepdive', 'textual_inversion with a prompt lacking the token', lambda: textual_inversion([x3], '<x>', prompts=['a 3'], parts=P, progress=False))
bad('deepdive', 'textual_inversion(lr=0)', lambda: textual_inversion([x3], '<x>', lr=0, parts=P, progress=False))
bad('deepdive', 'loss_guide("x")', lambda: loss_guide('x', 10, parts=P))
bad('deepdive', 'loss_guide(scale=-1)', lambda: loss_guide(blue_loss, -1, parts=P))
bad('deepdive', 'a loss_guide built for other parts', lambda: mk_samples('a 3', steps=4, guide=loss_guide(blue_loss, 10, parts=P), parts=load_parts(scheduler='ddim'), progress=False))
bad('deepdive', 'a loss_fn that returns a vector', lambda: mk_samples(['a 3', 'a 4'], steps=4, guide=loss_guide(lambda im: im.mean((1,2,3)), 10, every=1, parts=P), parts=P, progress=False))
bad('deepdive', 'a loss_fn that returns None', lambda: mk_samples('a 3', steps=4, guide=loss_guide(lambda im: None, 10, every=1, parts=P), parts=P, progress=False))
warns('deepdive', 'a loss_fn that returns NaN', lambda: mk_samples('a 3', steps=4, guide=loss_guide(lambda im: im.sum()*float('nan'), 10, every=1, parts=P), parts=P, progress=False), 'step')
bad('deepdive', 'prompt_tokens(["a", "b"])', lambda: prompt_tokens(['a', 'b'], parts=P))
bad('deepdive', 'prompt_tokens(3)', lambda: prompt_tokens(3, parts=P))
bad('deepdive', 'attention_maps([])', lambda: attention_maps([], parts=P))
bad('deepdive', 'attention_maps(steps=0)', lambda: attention_maps('a 3', steps=0, parts=P))
bad('deepdive', 'attention_mass with a float mask', lambda: attention_mass(torch.ones(2,32,32), torch.ones(32,32)))
bad('deepdive', 'attention_mass of a list', lambda: attention_mass([torch.ones(32,32)], torch.ones(32,32,dtype=torch.bool)))
ok('deepdive', 'prompt_tokens("")', lambda: prompt_tokens('', parts=P), lambda r: len(r)==2)
# ---- duo (data, evaluate and the lesson's functions for two-digit pictures)
D = load_parts(MINISD_DUO)
lab = [(3, 'red', 7, 'blue', 'black')]
bad('data', 'duo_caption(3, "red") (one digit)', lambda: duo_caption(3, 'red'))
bad('data', 'duo_caption with digit 12', lambda: duo_caption(3, 'red', 12, 'blue'))
bad('data', 'duo_caption with colour 5', lambda: duo_caption(3, 5, 7, 'blue'))
bad('data', 'duo_labels([])', lambda: duo_labels([]))
bad('data', 'duo_labels with colour "pink"', lambda: duo_labels([(3, 'pink', 7, 'blue', 'black')]))
bad('data', 'duo_labels with 4 items', lambda: duo_labels([(3, 'red', 7, 'blue')]))
bad('data', 'duo_labels of a string', lambda: duo_labels('a red 3 and a blue 7'))
bad('data', 'duo_prompt(rng=3)', lambda: duo_prompt(3))
bad('data', 'DuoDigits with x and y of different lengths', lambda: DuoDigits(torch.zeros(3,28,28), torch.zeros(2, dtype=torch.long)))
bad('evaluate', 'read_duo of 32x32 pictures', lambda: read_duo(torch.zeros(1,3,32,32)))
bad('evaluate', 'halves of a list', lambda: halves([torch.zeros(3,32,64)]))
bad('evaluate', 'duo_scores with fewer labels than pictures', lambda: duo_scores(torch.zeros(2,5, dtype=torch.long), lab))
bad('evaluate', 'duo_scores with a bad colour', lambda: duo_scores(torch.zeros(1,5, dtype=torch.long), [(3, 'pink', 7, 'blue', 'black')]))
bad('duo', 'duo_samples([])', lambda: duo_samples([], parts=D))
bad('duo', 'duo_samples of captions', lambda: duo_samples(['a red 3 and a blue 7'], parts=D))
bad('duo', 'duo_samples(steps=0)', lambda: duo_samples(lab, steps=0, parts=D))
bad('duo', 'duo_eval(bs=0)', lambda: duo_eval(lab, bs=0, parts=D))
bad('duo', 'duo_eval of 10**4 labels', lambda: duo_eval(lab*10**4, parts=D))
ok('duo', 'duo_samples with palette indices for colours', lambda: duo_samples([(3, 0, 7, 4, 7)], steps=2, parts=D), lambda r: r.shape==(1,3,32,64))
bad('duo', 'word_places of 32x32 maps', lambda: word_places(torch.ones(13,32,32)))
bad('duo', 'prompt_to_prompt(edits=[])', lambda: prompt_to_prompt('a red 3 and a blue 7', [], parts=D))
bad('duo', 'prompt_to_prompt(tau=2)', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a green 7', tau=2, parts=D))
bad('duo', 'prompt_to_prompt(words="some")', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a green 7', words='some', parts=D))
bad('duo', 'prompt_to_prompt with an edit of more tokens', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a dark green 7', parts=D))
bad('duo', 'prompt_to_prompt(seed=-1)', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a green 7', seed=-1, parts=D))
bad('duo', 'prompt_to_prompt(values="yes")', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a green 7', values='yes', parts=D))
ok('duo', 'prompt_to_prompt with the edit equal to the source', lambda: prompt_to_prompt('a red 3', 'a red 3', steps=2, parts=D), lambda r: (r[0]-r[1]).abs().max()<1e-4)
bad('duo', 'prompt_to_prompt(blend=2)', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a green 7', blend=2, parts=D))
bad('duo', 'prompt_to_prompt(g=1)', lambda: prompt_to_prompt('a red 3 and a blue 7', 'a red 3 and a green 7', g=1, parts=D))
bad('duo', 'word_sides of a number', lambda: word_sides(3, parts=D))
bad('duo', 'changed_tokens of a number', lambda: changed_tokens('a red 3', [3], parts=D))
bad('duo', 'random_edit of 4 labels', lambda: random_edit((3, 'red', 7, 'blue'), __import__('random').Random(0)))
bad('duo', 'binding_guide of a string', lambda: binding_guide('a red 3', 100, parts=D))
bad('duo', 'binding_guide(scale=-1)', lambda: binding_guide(torch.zeros(1,77,D.text_encoder.config.hidden_size), -1, parts=D))
# ---- imagic
bad('imagic', 'input_digit(10)', lambda: input_digit(10, 'red', 'black'))
bad('imagic', 'input_digit(3, k=10**6)', lambda: input_digit(3, 'red', 'black', k=10**6))
bad('imagic', 'input_digit with colour "mauve"', lambda: input_digit(3, 'mauve', 'black'))
bad('imagic', 'Imagic().embedding before fit', lambda: Imagic(P).embedding(0.5))
bad('imagic', 'Imagic().edit before fit', lambda: Imagic(P).edit(0.5))
bad('imagic', 'Imagic(parts="minisd")', lambda: Imagic('minisd'))
bad('imagic', 'Imagic.fit with a 0x0 image', lambda: Imagic(P).fit(torch.zeros(1,3,0,0), 'a 3', progress=False))
bad('imagic', 'Imagic.fit with a 64x64 image', lambda: Imagic(P).fit(torch.zeros(1,3,64,64), 'a 3', progress=False))
bad('imagic', 'Imagic.fit(prompt="")', lambda: Imagic(P).fit(x3, '', progress=False))
bad('imagic', 'Imagic.fit(emb_steps=10**9)', lambda: Imagic(P).fit(x3, 'a red 3', emb_steps=10**9, progress=False))
bad('imagic', 'Imagic.fit(bs=10**6)', lambda: Imagic(P).fit(x3, 'a red 3', bs=10**6, progress=False))
bad('imagic', 'fit_image of a string', lambda: fit_image('x.png', parts=P))
# ---- imagic_eval
bad('imagic_eval', 'random_pairs(0)', lambda: random_pairs(0))
bad('imagic_eval', 'random_pairs(10**7)', lambda: random_pairs(10**7))
bad('imagic_eval', 'edit_score with digit 12', lambda: edit_score(x3, x3, 12, 'red', 'black'))
# ---- inversion
bad('inversion', 'ddim_levels(0)', lambda: ddim_levels(0, parts=P))
bad('inversion', 'ddim_invert of a (4,8,8) tensor', lambda: ddim_invert(torch.zeros(4,8,8), cond, parts=P))
bad('inversion', 'ddim_invert of an image instead of latents', lambda: ddim_invert(x3, cond, parts=P))
bad('inversion', 'ddim_invert(steps=0)', lambda: ddim_invert(torch.zeros(1,4,8,8), cond, steps=0, parts=P))
bad('inversion', 'ddim_invert(cond="a 3")', lambda: ddim_invert(torch.zeros(1,4,8,8), 'a 3', parts=P))
bad('inversion', 'ddim_invert with NaN latents', lambda: ddim_invert(torch.full((1,4,8,8), float('nan')), cond, parts=P))
bad('inversion', 'null_text_invert of one latent', lambda: null_text_invert([torch.zeros(1,4,8,8)], cond, parts=P))
bad('inversion', 'null_text_invert(lr=0)', lambda: null_text_invert([torch.zeros(1,4,8,8)]*3, cond, lr=0, parts=P))
bad('inversion', 'null_text_invert(inner=10**6)', lambda: null_text_invert([torch.zeros(1,4,8,8)]*3, cond, inner=10**6, parts=P))
bad('inversion', 'sample_inverted with 3 nulls for 50 steps', lambda: sample_inverted(torch.zeros(1,4,8,8), cond, nulls=[cond]*3, parts=P))
bad('inversion', 'sample_inverted(g=-1)', lambda: sample_inverted(torch.zeros(1,4,8,8), cond, g=-1, parts=P))
bad('inversion', 'invert_image(prompt="")', lambda: invert_image(x3, '', parts=P))
bad('inversion', 'invert_image of a batch of 2', lambda: invert_image(torch.cat([x3,x3]), 'a 3', parts=P))
bad('inversion', 'invert_image of a 0x0 image', lambda: invert_image(torch.zeros(1,3,0,0), 'a 3', parts=P))
bad('inversion', 'edit_inverted of a tensor', lambda: edit_inverted(torch.zeros(1,4,8,8), 'a 3', parts=P))
ok('inversion', 'invert_image then edit_inverted of two prompts', lambda: edit_inverted(invert_image(x3, 'a green 3 on a black background', steps=10, parts=P), ['a red 3', 'a blue 3'], parts=P), lambda r: r.shape==(2,3,32,32))
# ---- inversion_eval
pair0 = random_pairs(1)[0]
bad('inversion_eval', 'tune_null_text([])', lambda: tune_null_text([], parts=P))
bad('inversion_eval', 'tune_null_text of a tuple, not an EditPair', lambda: tune_null_text([tuple(pair0)], parts=P))
bad('inversion_eval', 'tune_null_text(steps=0)', lambda: tune_null_text([pair0], steps=0, parts=P))
bad('inversion_eval', "tune_edit_g(ddim_gs=('1',))", lambda: tune_edit_g([pair0], ddim_gs=('1',), parts=P))
bad('inversion_eval', 'evaluate_inversion(g_nt=-1)', lambda: evaluate_inversion([pair0], 1.5, -1, parts=P))
bad('inversion_eval', 'evaluate_inversion(g_ddim=None)', lambda: evaluate_inversion([pair0], None, 3, parts=P))
bad('inversion_eval', 'recon_row of a tuple', lambda: recon_row(tuple(pair0), x3, x3))
bad('inversion_eval', "best_g of a method not in the table", lambda: best_g(__import__('pandas').DataFrame(dict(method=['null-text'], g=[3], score=[1.])), 'DDIM'))
bad('inversion_eval', 'load_eval of a missing file', lambda: load_eval('/no/such/record.json'))
# ---- distill
bad('distill', 'ddim_grid(0)', lambda: ddim_grid(0))
bad('distill', 'load_student(3) (no such student)', lambda: load_student(3))
bad('distill', 'load_student(path="/no/such")', lambda: load_student(4, path='/no/such'))
bad('distill', 'student_parts(None)', lambda: student_parts(None))
# ---- matmul
bad('matmul', 'matmul of mismatched shapes', lambda: matmul(np.zeros((2,3), np.float32), np.zeros((2,3), np.float32)))
bad('matmul', 'matmul of complex operands', lambda: matmul_numba(np.ones((2,2), np.complex64), np.ones((2,2), np.complex64)))
bad('matmul', 'matmul_einsum of complex tensors', lambda: matmul_einsum(torch.ones(2,2, dtype=torch.complex64), torch.ones(2,2, dtype=torch.complex64)))
bad('matmul', 'matmul of strings', lambda: matmul('ab', 'cd'))
bad('matmul', 'matmul_broadcast of 1-D tensors', lambda: matmul_broadcast(torch.ones(3), torch.ones(3)))
bad('matmul', 'list(chunks(x, 0))', lambda: list(chunks([1,2,3], 0)))   # a generator: its body, the check too, runs when the first chunk is asked for
ok('matmul', 'matmul of 0-row matrices', lambda: matmul_einsum(torch.ones(0,3), torch.ones(3,2)), lambda r: r.shape==(0,2))
# ---- rng
bad('rng', 'WichmannHill("a")', lambda: WichmannHill('a'))
bad('rng', 'WichmannHill(-1)', lambda: WichmannHill(-1))
bad('rng', 'rand_tensor((-1,))', lambda: rand_tensor((-1,)))
bad('rng', 'rand_tensor((10**12,))', lambda: rand_tensor((10**12,), WichmannHill(1)))
bad('rng', 'rng.seed(1.5)', lambda: rng.seed(1.5))
# ---- cli
def cli(*args):
    """`miniai_sample` with command-line `args`, in this process (`smoke.py` runs the installed script): exit 2 with one
    line on stderr that names the argument is a clear error."""
    from fastcore.script import anno_parser
    from miniai.cli import miniai_sample
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            kw = vars(anno_parser(miniai_sample.__wrapped__, 'miniai_sample').parse_args(args))  # what the console script parses
            kw.pop('pdb', None); kw.pop('xtra', None)  # fastcore's own options, as its _run_cli drops them
            miniai_sample(**kw)
        code = 0
    except SystemExit as e: code = e.code
    lines = err.getvalue().strip().splitlines()
    if code==2 and 'Traceback' not in err.getvalue() and lines and lines[-1].startswith('miniai_sample: error:') \
       and ('`' in lines[-1] or 'argument --' in lines[-1]):
        raise ValueError(re.sub(r'argument (--\w+)', r'argument `\1`', lines[-1]))
    return code
bad('cli', '--out in an unwritable folder', lambda: cli('a red 3', '--steps', '2', '--out', '/proc/miniai.png'))
bad('cli', '--out with an unknown extension', lambda: cli('a red 3', '--steps', '2', '--out', f'{tempfile.mkdtemp()}/x.xyz'))
bad('cli', '--steps 0', lambda: cli('a red 3', '--steps', '0'))
bad('cli', '--g nan', lambda: cli('a red 3', '--g', 'nan'))
bad('cli', '--n 0', lambda: cli('a red 3', '--n', '0'))
bad('cli', '--scheduler fast', lambda: cli('a red 3', '--scheduler', 'fast'))
bad('cli', '--model /no/such', lambda: cli('a red 3', '--model', '/no/such'))
ok('cli', 'a prompt, defaults otherwise', lambda: cli('a red 3', '--steps', '4', '--out', f'{tempfile.mkdtemp()}/x.png'), lambda r: r==0)

# ---- sweeps: each argument of the main entry points, through the usual wrong values
NOT_COUNT = [0, -1, 2.5, '3', True, None, float('nan'), 10**12]   # for counts: steps, batch sizes, n
NOT_SEED = [-1, 2.5, '3', True, 2**40, float('nan')]
NOT_SCALE = [-1, '7.5', float('nan'), float('inf'), None, [7.5]]    # for guidance scales and learning rates
def short(v):
    "`v` as a short label: tensors and arrays by their shape and dtype."
    if isinstance(v, (torch.Tensor, np.ndarray)): return f'{type(v).__name__}{tuple(v.shape)} {v.dtype}'
    if isinstance(v, Image.Image): return f'PIL {v.mode} {v.size}'
    r = repr(v); return r if len(r)<40 else r[:37]+'...'
def sweep(module, label, fn, values):
    for v in values: bad(module, f'{label}={short(v)}', (lambda v: lambda: fn(v))(v))
sweep('diffusion', 'mk_samples steps', lambda v: mk_samples('a 3', steps=v, parts=P, progress=False), NOT_COUNT)
sweep('diffusion', 'mk_samples seed', lambda v: mk_samples('a 3', seed=v, parts=P, progress=False), NOT_SEED)
sweep('diffusion', 'mk_samples g', lambda v: mk_samples('a 3', g=v, parts=P, progress=False), NOT_SCALE)
sweep('diffusion', 'mk_samples strength', lambda v: mk_samples('a 3', image=x3, strength=v, parts=P, progress=False), [-0.1, 1.5, float('nan'), '0.5', None])
sweep('diffusion', 'mk_samples height', lambda v: mk_samples('a 3', height=v, parts=P, progress=False), [0, -8, 33, 10**5, '32', 2.5, True])
sweep('diffusion', 'mk_samples callback_steps', lambda v: mk_samples('a 3', steps=2, callback=lambda *a: None, callback_steps=v, parts=P, progress=False), [0, -1, 2.5, None])
sweep('diffusion', 'mk_samples image', lambda v: mk_samples('a 3', image=v, parts=P, progress=False), ['x.png', torch.zeros(3,32), torch.zeros(1,1,32,32), torch.full((1,3,32,32), 5.), Image.new('L', (32,32)), np.zeros((32,32,3))])
sweep('diffusion', 'mk_samples latents', lambda v: mk_samples('a 3', latents=v, parts=P, progress=False), [torch.zeros(4,8,8), torch.zeros(1,3,8,8), torch.zeros(2,4,8,8), torch.zeros(1,4,8,8, dtype=torch.long), 'noise'])
sweep('diffusion', 'mk_samples negative_prompt', lambda v: mk_samples('a 3', negative_prompt=v, parts=P, progress=False), [3, ['a', 3], ['a', 'b']])
sweep('diffusion', 'text_enc prompts', lambda v: text_enc(v, parts=P), [3, [None], [['a']], b'a 3', {'a'}])
sweep('deepdive', 'attention_maps steps', lambda v: attention_maps('a 3', steps=v, parts=P), NOT_COUNT)
sweep('deepdive', 'attention_maps g', lambda v: attention_maps('a 3', g=v, parts=P), NOT_SCALE)
sweep('deepdive', 'attention_maps per_layer', lambda v: attention_maps('a 3', per_layer=v, parts=P), ['yes', 1, None])
sweep('deepdive', 'textual_inversion steps', lambda v: textual_inversion([x3], '<x>', steps=v, parts=P, progress=False), NOT_COUNT)
sweep('deepdive', 'textual_inversion bs', lambda v: textual_inversion([x3], '<x>', bs=v, parts=P, progress=False), NOT_COUNT)
sweep('deepdive', 'textual_inversion lr', lambda v: textual_inversion([x3], '<x>', lr=v, parts=P, progress=False), NOT_SCALE+[0])
sweep('deepdive', 'textual_inversion token', lambda v: textual_inversion([x3], v, parts=P, progress=False), ['', 'two words', 3, None, 'red'])
sweep('deepdive', 'textual_inversion images', lambda v: textual_inversion(v, '<x>', parts=P, progress=False), [[], x3[0,0], ['x.png'], [torch.zeros(3,0,0)], None])
sweep('deepdive', 'loss_guide every', lambda v: loss_guide(blue_loss, 10, every=v, parts=P), [0, -1, 2.5, '5', None])
sweep('deepdive', 'loss_guide scale', lambda v: loss_guide(blue_loss, v, parts=P), NOT_SCALE)
sweep('imagic', 'Imagic.fit emb_steps', lambda v: Imagic(P).fit(x3, 'a red 3', emb_steps=v, progress=False), NOT_COUNT)
sweep('imagic', 'Imagic.fit ft_steps', lambda v: Imagic(P).fit(x3, 'a red 3', ft_steps=v, progress=False), NOT_COUNT)
sweep('imagic', 'Imagic.fit bs', lambda v: Imagic(P).fit(x3, 'a red 3', bs=v, progress=False), NOT_COUNT)
sweep('imagic', 'Imagic.fit emb_lr', lambda v: Imagic(P).fit(x3, 'a red 3', emb_lr=v, progress=False), NOT_SCALE+[0])
sweep('imagic', 'Imagic.fit seed', lambda v: Imagic(P).fit(x3, 'a red 3', seed=v, progress=False), NOT_SEED)
sweep('imagic', 'Imagic.fit prompt', lambda v: Imagic(P).fit(x3, v, progress=False), ['', '   ', 3, None, ['a red 3']])
sweep('imagic', 'Imagic.fit image', lambda v: Imagic(P).fit(v, 'a red 3', progress=False), ['x.png', torch.zeros(2,3,32,32), torch.full((1,3,32,32), 5.), Image.new('RGB', (64,64)), None])
_im = {}
def fitted():
    if 'im' not in _im: _im['im'] = Imagic(P).fit(x3, 'a red 3 on a black background', emb_steps=1, ft_steps=1, progress=False)
    return _im['im']
sweep('imagic', 'Imagic.edit alpha', lambda v: fitted().edit(v, steps=2), [float('nan'), 'a', [], [0.5]*10**4, None, [0.5, 'a']])
sweep('imagic', 'Imagic.edit steps', lambda v: fitted().edit(0.5, steps=v), NOT_COUNT)
sweep('imagic', 'Imagic.edit g', lambda v: fitted().edit(0.5, g=v, steps=2), NOT_SCALE)
sweep('imagic', 'input_digit d', lambda v: input_digit(v, 'red', 'black'), [10, -1, 2.5, '3', None, True])
sweep('imagic_eval', 'random_pairs n', lambda v: random_pairs(v), NOT_COUNT)
sweep('imagic_eval', 'random_pairs seed', lambda v: random_pairs(4, seed=v), [-1, 2.5, '3', None])
sweep('inversion', 'ddim_invert steps', lambda v: ddim_invert(torch.zeros(1,4,8,8), cond, steps=v, parts=P), NOT_COUNT)
sweep('inversion', 'null_text_invert g', lambda v: null_text_invert([torch.zeros(1,4,8,8)]*3, cond, g=v, parts=P), NOT_SCALE)
sweep('inversion', 'null_text_invert inner', lambda v: null_text_invert([torch.zeros(1,4,8,8)]*3, cond, inner=v, parts=P), [-1, 2.5, '3', None, 10**12])
sweep('inversion', 'null_text_invert lr', lambda v: null_text_invert([torch.zeros(1,4,8,8)]*3, cond, lr=v, parts=P), NOT_SCALE+[0])
sweep('inversion', 'sample_inverted steps', lambda v: sample_inverted(torch.zeros(1,4,8,8), cond, steps=v, parts=P), NOT_COUNT)
sweep('inversion', 'invert_image steps', lambda v: invert_image(x3, 'a green 3', steps=v, parts=P), NOT_COUNT)
sweep('inversion', 'invert_image g', lambda v: invert_image(x3, 'a green 3', g=v, parts=P), [-1, '7.5', float('nan'), float('inf'), [7.5]])
sweep('inversion', 'invert_image image', lambda v: invert_image(v, 'a green 3', parts=P), ['x.png', torch.full((1,3,32,32), 5.), Image.new('L', (32,32)), None])
sweep('inversion', 'edit_inverted prompts', lambda v: edit_inverted(invert_image(x3, 'a green 3', steps=2, parts=P), v, parts=P), [[], 3, [None], None])
sweep('distill', 'load_student steps', lambda v: load_student(v), [0, -1, 2.5, '4', None, 3])
sweep('distill', 'ddim_grid n', lambda v: ddim_grid(v), [0, -1, 2.5, '4', None, 10**6])
sweep('train', 'train_duo scratch', lambda v: train_duo('/no/such/folder', steps=1, scratch=v), ['yes', 1, None])  # refused before any folder is made
sweep('train', 'train_duo ground', lambda v: train_duo('/no/such/folder', steps=1, ground=v), [-1, 'yes', None, float('nan')])  # refused before any folder is made
bad('train', 'tune_duo_decoder of a folder without a model', lambda: tune_duo_decoder('/no/such/folder', steps=1))
for f in (matmul, matmul_numba, matmul_broadcast, matmul_einsum):
    sweep('matmul', f'{f.__name__} a', lambda v, f=f: f(v, np.ones((2,2), np.float32)),
          [np.ones((2,3), np.float32), np.ones(2, np.float32), np.ones((2,2), np.complex64), 'ab', None, [[1, 'a'], [2, 3]]])
sweep('rng', 'WichmannHill a', lambda v: WichmannHill(v), [-1, 1.5, 'a', None, float('nan')])
sweep('rng', 'rand_tensor shape', lambda v: rand_tensor(v, WichmannHill(1)), [(-1,), 2.5, 'abc', (2, 'a'), (10**6, 10**6), None])
sweep('rng', 'rand_tensor dtype', lambda v: rand_tensor(3, WichmannHill(1), dtype=v), [torch.int64, 'float32', None])
sweep('rng', 'rand_tensor gen', lambda v: rand_tensor(3, v), [1, 'a', torch.Generator()])
sweep('data', 'mk_caption d', lambda v: mk_caption(v), [10, -1, 2.5, '3', None, True])
sweep('data', 'colourise fg', lambda v: colourise(torch.zeros(28,28), v, 'black'), ['mauve', 9, -1, None, 2.5, '#12'])
sweep('evaluate', 'prompt_accuracy digit', lambda v: prompt_accuracy(x3, digit=v), [10, -1, 'three', 2.5, [3, 3]])
sweep('evaluate', 'prompt_accuracy imgs', lambda v: prompt_accuracy(v, digit=3), [x3[0], [x3], torch.zeros(0,3,32,32), torch.zeros(1,3,2,2), 'img', torch.full((1,3,32,32), float('nan'))])
sweep('core', 'show_images ims', lambda v: show_images(v), [[], 'abc', [1, 2], None, torch.zeros(3)])
sweep('parts', 'load_parts device', lambda v: load_parts(device=v), ['tpu', 3, 'cuda:99' if torch.cuda.is_available() else 'cuda', 'mps' if not torch.backends.mps.is_available() else 'tpu'])
for args in (['--steps', '-1'], ['--n', '100'], ['--seed', '-5'], ['--g', '-1'], ['--out', f'{tempfile.mkdtemp()}/x'],
             ['--out', '/no/such/folder/x.png'], ['--steps', 'ten']):
    bad('cli', 'a red 3 ' + ' '.join(args), (lambda a: lambda: cli('a red 3', *a))(args))

def classify(kind, fn, spec):
    def alarm(*_): raise TimeoutError
    signal.signal(signal.SIGALRM, alarm); signal.alarm(LIMIT)
    try:
        with warnings.catch_warnings(record=True) as ws, contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter('always')
            r = fn()
    except TimeoutError: return 'bad', f'still running after {LIMIT}s (unbounded work)'
    except CLEAR as e:
        msg = str(e).splitlines()[0] if str(e) else ''
        if kind!='error': return 'bad', f'raised {type(e).__name__}: {msg[:120]}'
        return ('clear error', msg[:140]) if '`' in msg else ('bad', f'error names no argument: {type(e).__name__}: {msg[:120]}')
    except Exception as e:
        return 'bad', f'deep crash: {type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ""}'
    finally: signal.alarm(0)
    if kind=='error': return 'bad', 'silently accepted'
    if kind=='warn':
        hit = [str(w.message) for w in ws if spec in str(w.message)]
        return ('sensible result', f'warned: {hit[0][:120]}') if hit else ('bad', 'non-finite result without a warning')
    try: good = spec(r)
    except Exception: good = False
    return ('sensible result', '') if good else ('bad', f'wrong result: {str(r)[:100]}')

if __name__=='__main__':
    counts,bads = defaultdict(Counter),[]
    for module,what,fn,kind,spec in cases:
        t0,unet_passes[0] = time.perf_counter(),0
        res,msg = classify(kind, fn, spec)
        took,passes = time.perf_counter()-t0,unet_passes[0]
        if res=='clear error' and passes>HEAVY: res,msg = 'bad',f'clear error only after {passes} UNet passes (check first): {msg}'
        counts[module][res] += 1
        if '--list' in sys.argv: print(f'{module:12s} {res:16s} {took:5.2f}s {passes:3d} UNet {what}: {msg}', flush=True)
        if res=='bad': bads.append(f'{module}: {what}: {msg}')
    print(f'{"module":12s} {"cases":>5s} {"clear error":>11s} {"sensible":>8s} {"bad":>4s}')
    for m,c in counts.items():
        print(f'{m:12s} {sum(c.values()):5d} {c["clear error"]:11d} {c["sensible result"]:8d} {c["bad"]:4d}')
    tot = Counter(); [tot.update(c) for c in counts.values()]
    print(f'{"all":12s} {sum(tot.values()):5d} {tot["clear error"]:11d} {tot["sensible result"]:8d} {tot["bad"]:4d}')
    for b in bads: print('BAD', b)
    sys.exit(1 if bads else 0)
