# %% [markdown]
# # Distillation: from 64 sampling steps to 4
#
# > Guided distillation (Meng et al. 2023) and progressive distillation (Salimans & Ho 2022) on minisd: a student that takes the guidance scale as an input and makes one UNet pass per step instead of two, then halves its number of steps round after round. The students ship with miniai, and `mk_samples` samples with them.

# %%
#| default_exp distill

# %%
#| export
import copy, json, math, time, warnings
from pathlib import Path
import numpy as np, torch
from tqdm.auto import tqdm
from accelerate import Accelerator
from accelerate.utils import set_seed
from diffusers import UNet2DConditionModel, DDIMScheduler
from miniai.minisd import (MODELS, MINISD, SD_SCHEDULE, COLOURS, load_digits, split_digits, ColouredDigits, mk_caption,
                           encode_prompts, prompt_accuracy, classifier_fid, load_classifier, _lr_sched, _smooth)
from miniai.diffusion import Parts, load_parts, guidance_embedding, mk_samples

# %%
import os, tempfile
import matplotlib.pyplot as plt
import pandas as pd
from fastcore.test import test_eq, test_close, test_fail, test_ne
from miniai.core import show_images
from miniai.diffusion import decode, pred_noise

# %% [markdown]
# ## Teacher and student
#
# Sampling from a diffusion model is slow because it is a loop: start from pure noise, ask the UNet for the noise in it, remove a little, and repeat, 50 or 60 times, two UNet passes each time when we use classifier-free guidance. Why does it take so many steps? Not because going from noise to a picture is hard, but because of how the sampler was derived: each step only trusts the UNet's prediction a little, since a single prediction from very noisy latents is a blurry average of every picture the noise could become.
#
# The lesson's picture: run the sampler and look at the latents at step 36 and at step 54 of 64. The step-36 picture already shows the digit; getting to step 54 took the teacher 18 more UNet calls (36 with guidance). A human could do that jump in one go. **Distillation** trains a new network, the *student*, to do it: its input is the step-36 picture and its target is the teacher's step-54 picture, compared with a mean squared error. The *teacher* is the model we have (big, slow, or here: slow because it needs many steps); the student learns to do the same thing faster.
#
# Here is the teacher, minisd, with a deterministic DDIM sampler at 64 steps (the next section says why DDIM), decoding the latents after every 9th step:

# %%
teacher = load_parts(scheduler='ddim')
seen = {}
def keep(i, t, latents): seen[i+1] = latents.clone()
final = mk_samples(['a red 7 on a blue background', 'a yellow 3 on a black background'], g=7.5, seed=36, steps=64,
                   parts=teacher, callback=keep, progress=False)
shown = [9,18,27,36,45,54,64]
show_images([(decode(seen[i], teacher)[k]+1)/2 for k in range(2) for i in shown], nrows=2,
            titles=[f'step {i}' for i in shown]*2, imsize=1.2);

# %% [markdown]
# Two papers turn that idea into a method:
#
# - **Progressive distillation** (Salimans & Ho, 2022): the student learns to do *two* of the teacher's steps in one. Then the student becomes the teacher of a new student, which learns to do two of *its* steps in one, and so on: 64 → 32 → 16 → 8 → 4 steps, each round halving the work. On CIFAR-10 they report FID 2.57 / 3.00 / 4.51 / 9.12 at 8 / 4 / 2 / 1 steps.
# - **Guided distillation** (Meng et al., 2023): a text-to-image model uses classifier-free guidance, which costs two UNet passes per step (the prompt and the empty prompt) and mixes them with a guidance scale w. Stage 1 trains a student that takes w as an extra *input* and matches the guided output in one pass; stage 2 distills that student progressively. Their 4-step students come close to the teacher.
#
# We do both, on minisd, in that order.

# %% [markdown]
# ## The baseline: the teacher with fewer DDIM steps
#
# The obvious way to go faster is to take fewer steps. The sampler we distil is **DDIM** (Song et al. 2020) with no added noise (`eta=0`): a *deterministic* map from the starting noise to an image, which is what a student can learn to imitate. One DDIM step from noise level t to a lower level s uses the UNet's estimate of the clean latents x̂ and of the noise ε̂:
#
# $$z_s = \alpha_s\,\hat x + \sigma_s\,\hat\varepsilon,\qquad \hat\varepsilon = \frac{z_t-\alpha_t\hat x}{\sigma_t},$$
#
# where $z_t = \alpha_t x + \sigma_t\varepsilon$ is how training noised the latents ($\alpha_t^2$ is the scheduler's `alphas_cumprod[t]`, and $\alpha_t^2+\sigma_t^2=1$).
#
# Which timesteps? Stable Diffusion's DDIM configuration spaces them from the *bottom* (`leading`): at 1 step it would denoise from t=1, a level at which the starting latents are nearly clean, so it never sees pure noise. We use `trailing` spacing, which always starts at t=999 (Lin et al. 2023, "Common diffusion noise schedules and sample steps are flawed"). It has a second virtue for us: with 1, 2, 4, … 64 steps the grids are *nested*, every N-step timestep is also a 2N-step timestep, which progressive distillation needs.

# %%
#| export
def ddim_scheduler(config=None, prediction_type='epsilon', **kwargs):
    "A deterministic DDIM scheduler over `config`'s training schedule (default SD's) with `trailing` timesteps (t=999 first)."
    return DDIMScheduler.from_config(dict(config or SD_SCHEDULE), timestep_spacing='trailing', prediction_type=prediction_type, **kwargs)

def load_teacher(model=None, device=None, dtype=None):
    "`load_parts(model)` (default: minisd) with the trailing DDIM scheduler: the teacher we distil."
    p = load_parts(model, device=device, dtype=dtype, scheduler=None)
    p.scheduler = ddim_scheduler(p.scheduler.config)
    return p

# %%
s = ddim_scheduler()
s.set_timesteps(4); test_eq(s.timesteps.tolist(), [999, 749, 499, 249])
s.set_timesteps(1); test_eq(s.timesteps.tolist(), [999])
def ts(n): s.set_timesteps(n); return s.timesteps.tolist()
for n in [1,2,4,8,16,32]: test_eq(ts(2*n)[::2], ts(n))  # nested grids
teacher = load_teacher()
teacher

# %% [markdown]
# To measure a sampler we generate images for prompts whose answer we know and read them with the 00 notebook's evaluation: the digit classifier and the colour reader give prompt accuracy (digit, stroke colour, background, and all three), and the classifier's features give a **classifier-FID** against real images with the same labels (a Fréchet distance like FID, but on our own small network's features: *not* comparable with Inception FID, and noisy for a hundred images, so read it as a trend). The prompts come from the validation digits, coloured with combinations seen in training.

# %%
#| export
_DIGITS = None
def digits():
    "(images, labels, train indices, validation indices) of the MNIST digits, loaded once."
    global _DIGITS
    if _DIGITS is None:
        xs,ys = load_digits()
        _DIGITS = (xs, ys, *split_digits(ys))
    return _DIGITS

def eval_set(n=100, seed=0):
    "`n` validation digits (none seen in training), coloured with seen combinations: (real images in [-1,1], full prompts, labels `(n,3)` = digit, fg, bg)."
    if not 1 <= n <= 500: raise ValueError(f"eval_set: `n`={n!r}; the validation split has 500 digits")
    xs,ys,_,val = digits()
    ds = ColouredDigits(xs[val], ys[val], p_empty=0.)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        idx = torch.randperm(len(ds))[:n].tolist()
        items = [ds[i] for i in idx]
    real = torch.stack([o[0] for o in items]); labels = torch.stack([o[2] for o in items])
    prompts = [mk_caption(int(d), COLOURS[f], COLOURS[b]) for d,f,b in labels.tolist()]
    return real, prompts, labels

def unet_evals(parts, steps, g=7.5):
    "UNet evaluations per image: 2 per step under classifier-free guidance, 1 per step for a guidance-conditioned UNet (or g=1)."
    guided = getattr(parts.unet.config, 'time_cond_proj_dim', None) is not None
    return steps * (1 if guided or g==1 else 2)

def evaluate(parts, steps, ev, g=7.5, seed=0, clf=None):
    "Prompt accuracy, classifier-FID against `ev`'s real images, and UNet evaluations per image of `mk_samples(…, parts=parts)` at `steps`. Returns (dict, images)."
    real,prompts,labels = ev
    clf = clf or load_classifier()
    imgs = mk_samples(prompts, g=g, seed=seed, steps=steps, parts=parts, progress=False)
    res = prompt_accuracy(imgs, labels[:,0], labels[:,1], labels[:,2], clf=clf)
    res['cfid'] = classifier_fid(real, imgs, clf)
    res['unet_evals'] = unet_evals(parts, steps, g)
    return res, imgs

def time_batch(parts, steps, prompts, g=7.5, reps=3):
    "Best-of-`reps` wall time (s) of `mk_samples(prompts, …)` at `steps`, after one warm-up call."
    mk_samples(prompts, g=g, steps=steps, parts=parts, progress=False)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); mk_samples(prompts, g=g, steps=steps, parts=parts, progress=False); ts.append(time.perf_counter()-t0)
    return min(ts)

# %%
ev = eval_set(40)
test_eq(ev[0].shape, (40,3,32,32)); test_eq(len(ev[1]), 40)
test_eq(eval_set(40)[1], ev[1])  # fixed by the seed
test_ne(eval_set(40, seed=1)[1], ev[1])
test_fail(lambda: eval_set(501), contains='500 digits')
clf = load_classifier()
test_eq(prompt_accuracy(ev[0], ev[2][:,0], ev[2][:,1], ev[2][:,2], clf=clf)['fg'], 1.)  # the real images read back right
r,im = evaluate(teacher, 2, ev, clf=clf)
test_eq(r['unet_evals'], 4); test_eq(im.shape, (40,3,32,32))
assert time_batch(teacher, 1, ev[1][:2], reps=1) > 0
ev[1][:3], {k: round(v,3) for k,v in r.items()}

# %% [markdown]
# The teacher at 1 to 64 steps, with guidance 7.5, on 40 prompts (a quick look; the `slow` cell after it uses 200):

# %%
STEPS = [1,2,4,8,16,32,64]
def baseline(ev, steps=STEPS, **kw):
    rows,imgs = {},{}
    for n in steps: rows[n],imgs[n] = evaluate(teacher, n, ev, clf=clf, **kw)
    return pd.DataFrame(rows).T.rename_axis('steps'), imgs
base,base_imgs = baseline(ev)
base.round(3)

# %%
assert base.loc[64,'all'] > base.loc[1,'all']  # more steps, better prompts
show_images([(base_imgs[n][k]+1)/2 for n in STEPS for k in range(8)], nrows=len(STEPS), titles=[f'{n} steps' if k==0 else '' for n in STEPS for k in range(8)], imsize=0.9);

# %%
#| slow
ev200 = eval_set(200, seed=1)
base200,_ = baseline(ev200, seed=1)
base200.round(3)

# %% [markdown]
# ## Guided distillation, stage 1: the guidance scale as an input
#
# Classifier-free guidance runs the UNet on the prompt and on the empty prompt and extrapolates from the unconditional prediction towards the conditional one:
#
# $$\hat\varepsilon_w = \hat\varepsilon_u + w\,(\hat\varepsilon_c-\hat\varepsilon_u).$$
#
# Two passes per step, for every w. Meng et al. train a *student* that gets w as an input and outputs the guided prediction directly, in one pass. How does a number get into a UNet? The same way the timestep does: as a sinusoidal embedding added to the time embedding. `diffusers`' `UNet2DConditionModel(time_cond_proj_dim=…)` has exactly that slot (`timestep_cond`, projected by a linear layer `time_embedding.cond_proj`), built for latent consistency models (LCM), whose guidance embedding `guidance_embedding` from the pipeline notebook computes. `mk_samples` already makes one pass with that embedding instead of the doubled batch when a UNet has the slot.
#
# The student starts as a copy of the teacher: same architecture plus the slot, the teacher's weights loaded with `strict=False` (the only missing weight is the new projection), and that projection set to zero, so that at the start the student *is* the teacher's conditional prediction for every w.

# %%
#| export
def guided_student(teacher_unet, proj_dim=256):
    "A copy of `teacher_unet` that also takes the guidance scale (`time_cond_proj_dim`=`proj_dim`); the new projection starts at zero."
    cfg = {k:v for k,v in teacher_unet.config.items() if not k.startswith('_')}
    student = UNet2DConditionModel.from_config(dict(cfg, time_cond_proj_dim=proj_dim))
    res = student.load_state_dict({k:v.float() for k,v in teacher_unet.state_dict().items()}, strict=False)
    if res.unexpected_keys or res.missing_keys!=['time_embedding.cond_proj.weight']:
        raise ValueError(f"guided_student: the teacher's weights do not fit: missing {res.missing_keys}, unexpected {res.unexpected_keys}")
    torch.nn.init.zeros_(student.time_embedding.cond_proj.weight)
    return student.to(teacher_unet.device)

def w_embedding(w, dim):
    "The guidance embedding (LCM's, as `mk_samples` passes it) of each guidance scale in the 1-d tensor `w`."
    return torch.cat([guidance_embedding(float(o), dim) for o in w]).to(w.device)

# %%
st = guided_student(teacher.unet)
test_eq(st.config.time_cond_proj_dim, 256)
ps = {k for k,_ in st.named_parameters()}
test_eq(ps - {k for k,_ in teacher.unet.named_parameters()}, {'time_embedding.cond_proj.weight'})
z,t = torch.randn(2,4,8,8), torch.tensor([999,500])
c = encode_prompts(teacher.tokenizer, teacher.text_encoder, ['a red 7','a 3'])
with torch.no_grad():
    e_c = teacher.unet(z, t, encoder_hidden_states=c).sample
    for w in [1., 7.5]: test_close(st(z, t, encoder_hidden_states=c, timestep_cond=w_embedding(torch.tensor([w,w]), 256)).sample, e_c, eps=1e-5)
test_eq(w_embedding(torch.tensor([2.,7.5]), 256)[1], guidance_embedding(7.5, 256)[0])

# %% [markdown]
# ### What the student predicts: v, not ε
#
# The teacher predicts the noise ε. From ε̂ the clean latents follow as $\hat x = (z_t-\sigma_t\hat\varepsilon)/\alpha_t$, and at the first step of a few-step sampler $\alpha_t$ is tiny: any error in ε̂ is multiplied by $1/\alpha_t$:

# %%
s = ddim_scheduler()
{t: round(1/s.alphas_cumprod[t].sqrt().item(), 1) for t in [999, 749, 499, 249]}

# %% [markdown]
# With 64 steps the sampler corrects that over the next steps; with 1 step the image *is* that x̂. Salimans & Ho saw ε-prediction students fail for this reason and used the **v-parameterization**, $v = \alpha_t\varepsilon-\sigma_t x$, from which
#
# $$\hat x = \alpha_t z_t - \sigma_t\hat v,\qquad \hat\varepsilon = \sigma_t z_t + \alpha_t\hat v:$$
#
# errors in v̂ reach x̂ multiplied by $\sigma_t\le1$, whatever the noise level. Our students predict v from stage 1 on (the teacher's weights are still the best start: near t=0, v ≈ ε). `diffusers`' `DDIMScheduler(prediction_type='v_prediction')` samples with a v model, so `mk_samples` needs nothing new.
#
# Every loss is on x̂, whatever the network outputs. `teacher_x0` is the teacher's guided x̂, two passes; `student_x0` the student's, one pass with the guidance embedding.

# %%
#| export
_SCHED = ddim_scheduler()

def alpha_sigma(t, like=None):
    "(α_t, σ_t) of SD's training schedule for integer timesteps `t` (t=-1: the final level DDIM steps to), shaped to broadcast over `like`."
    ac = _SCHED.alphas_cumprod.to(t.device)
    a2 = torch.where(t>=0, ac[t.clamp(min=0)], _SCHED.final_alpha_cumprod.to(t.device))
    if like is not None: a2 = a2.view(-1, *[1]*(like.ndim-1)).to(like.dtype)
    return a2.sqrt(), (1-a2).sqrt()

def teacher_x0(unet, z, t, cond, uncond, w):
    "x̂ of an ε-prediction `unet` under classifier-free guidance `w` (per sample): one doubled batch, [uncond, cond]."
    e_u,e_c = unet(torch.cat([z,z]), torch.cat([t,t]), encoder_hidden_states=torch.cat([uncond.expand_as(cond), cond])).sample.chunk(2)
    eps = e_u + w.view(-1,1,1,1)*(e_c-e_u)
    a,s = alpha_sigma(t, z)
    return (z - s*eps)/a

def student_x0(unet, z, t, cond, w):
    "x̂ of a guidance-conditioned v-prediction `unet`: one pass, with the guidance embedding of `w` (per sample)."
    v = unet(z, t, encoder_hidden_states=cond, timestep_cond=w_embedding(w, unet.config.time_cond_proj_dim).to(z.dtype)).sample
    a,s = alpha_sigma(t, z)
    return a*z - s*v

def ddim_step(z, x0, t, s):
    "A deterministic DDIM step from level `t` to level `s` (per sample) given the clean estimate `x0`."
    at,st = alpha_sigma(t, z); as_,ss = alpha_sigma(s, z)
    return as_*x0 + ss*(z - at*x0)/st

# %% [markdown]
# These must agree with what `mk_samples` does at sampling time, or the students would learn the wrong thing. Check: one step of `diffusers`' DDIM on the teacher's guided noise prediction (`pred_noise`, the pipeline's), and on a v-student's output, against `ddim_step`:

# %%
teacher.scheduler.set_timesteps(4)
t0_ = teacher.scheduler.timesteps[1]
tt,ss_ = torch.tensor([t0_]*2), torch.tensor([t0_-250]*2)
uncond = encode_prompts(teacher.tokenizer, teacher.text_encoder, [''])
with torch.no_grad():
    ref = teacher.scheduler.step(pred_noise(teacher, z, t0_, c, uncond.expand(2,-1,-1), 7.5), t0_, z).prev_sample
    test_close(ddim_step(z, teacher_x0(teacher.unet, z, tt, c, uncond, torch.tensor([7.5,7.5])), tt, ss_), ref, eps=1e-4)
    vs = ddim_scheduler(prediction_type='v_prediction'); vs.set_timesteps(4)
    v = st(z, tt, encoder_hidden_states=c, timestep_cond=w_embedding(torch.tensor([3.,3.]), 256)).sample
    test_close(ddim_step(z, student_x0(st, z, tt, c, torch.tensor([3.,3.])), tt, ss_), vs.step(v, t0_, z).prev_sample, eps=1e-4)
test_eq(alpha_sigma(torch.tensor([-1]))[0]**2, _SCHED.final_alpha_cumprod)

# %% [markdown]
# ### The loss weight
#
# How much should an error at each noise level count? Salimans & Ho's **truncated SNR** weighting puts $\max(\mathrm{SNR}_t, 1)$ on the squared error in x, with $\mathrm{SNR}_t=\alpha_t^2/\sigma_t^2$. In terms of v that is $\max(\alpha_t^2,\sigma_t^2)\,\lVert\hat v-\tilde v\rVert^2$: between ½ and 1 everywhere. Plain SNR weighting would make the loss vanish at high noise, exactly where a 1-step student does all its work.

# %%
#| export
def snr_weight(t):
    "Truncated-SNR loss weight max(α²/σ², 1) for timesteps `t`."
    a,s = alpha_sigma(t)
    return (a**2/s**2).clamp(min=1.)

# %%
tt = torch.arange(1000)
test_eq(snr_weight(torch.tensor([999]))[0], 1.)
assert snr_weight(torch.tensor([10]))[0] > 100
a_,s_ = alpha_sigma(tt)
test_close(snr_weight(tt)*s_**2, torch.maximum(a_**2, s_**2), eps=1e-5)  # = max(α², σ²) on the v error
plt.figure(figsize=(4,2.4)); plt.plot(tt, snr_weight(tt)); plt.yscale('log'); plt.xlabel('timestep t'); plt.title('max(SNR, 1)');

# %% [markdown]
# ### The training data and the loop
#
# Distillation needs no labels from the data, only realistic noisy inputs: we noise real latents to a random level, as in training. The VAE is frozen, so we encode the training digits once (random colours and captions, 10% empty captions as in training) and draw batches from that bank.

# %%
#| export
@torch.no_grad()
def latent_bank(parts, n=9000, seed=42, bs=500):
    "(latents `(n,4,h,w)`, captions) of `n` training digits coloured at random (passes over the training split), encoded once by `parts.vae`."
    xs,ys,trn,_ = digits()
    ds = ColouredDigits(xs[trn], ys[trn])
    v = parts.vae
    lats,caps = [],[]
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        idx = torch.cat([torch.randperm(len(ds)) for _ in range(math.ceil(n/len(ds)))])[:n].tolist()
        for i in range(0, n, bs):
            items = [ds[j] for j in idx[i:i+bs]]
            x = torch.stack([o[0] for o in items]).to(v.device, v.dtype)
            lats.append(v.encode(x).latent_dist.sample().float().cpu()*v.config.scaling_factor)
            caps += [o[1] for o in items]
    return torch.cat(lats), caps

# %%
bank = latent_bank(teacher, n=64)
test_eq(bank[0].shape, (64,4,8,8)); test_eq(len(bank[1]), 64)
test_eq(latent_bank(teacher, n=64)[1], bank[1])  # seeded
bank[1][:6], bank[0].std().item()

# %% [markdown]
# One training loop serves both stages. Each step: a batch of latents x and captions, a guidance scale w per sample drawn uniformly from `w_range`, then the stage's `target_fn` picks the timesteps, noises x to $z_t$ and says what x̂ the student should output; the loss is the truncated-SNR-weighted squared error. AdamW, gradient clipping, and a learning rate that warms up and then decays to zero by the last step (in every round of stage 2). `accelerate` puts the student on whatever device there is.

# %%
#| export
W_RANGE = (1., 12.)

def noisy(x, t, g):
    "`x` noised to level `t` (per sample) as in training: α_t x + σ_t ε, ε drawn from generator `g`."
    a,s = alpha_sigma(t, x)
    return a*x + s*torch.randn(x.shape, generator=g).to(x.device, x.dtype)

def distill_loop(student, parts, bank, target_fn, steps, bs=64, lr=2e-4, w_range=W_RANGE, seed=42, desc='distill', log=None):
    "Train `student` (a guidance-conditioned v UNet) so that its x̂ matches `target_fn(x, cond, w, g)` → (z_t, t, x̃). Returns (student, losses)."
    set_seed(seed)
    acc = Accelerator()
    opt = torch.optim.AdamW(student.parameters(), lr=lr, weight_decay=0.)
    student,opt = acc.prepare(student.float().train(), opt)
    sched = _lr_sched(opt, steps, min(50, steps))
    te = parts.text_encoder.to(acc.device).float().eval().requires_grad_(False)
    lats,caps = bank
    g,losses,t0 = torch.Generator().manual_seed(seed),[],time.time()
    for i in (pb:=tqdm(range(steps), desc=desc, disable=not acc.is_local_main_process)):
        idx = torch.randint(len(lats), (bs,), generator=g)
        x = lats[idx].to(acc.device)
        w = torch.empty(bs).uniform_(*w_range, generator=g).to(acc.device)
        with torch.no_grad():
            cond = encode_prompts(parts.tokenizer, te, [caps[j] for j in idx.tolist()])
            z,t,target = target_fn(x, cond, w, g)
        pred = student_x0(student, z, t, cond, w)
        loss = (snr_weight(t).view(-1,1,1,1)*(pred-target)**2).mean()
        acc.backward(loss); acc.clip_grad_norm_(student.parameters(), 1.); opt.step(); sched.step(); opt.zero_grad()
        losses.append(loss.item())
        if i%20==0: pb.set_postfix(loss=f'{np.mean(losses[-20:]):.4f}')
        if log and (i%100==0 or i==steps-1): print(f'{desc} step {i} loss {np.mean(losses[-100:]):.5f} ({time.time()-t0:.0f}s)', file=log, flush=True)
    return acc.unwrap_model(student).eval(), losses

# %% [markdown]
# Stage 1's target is simply the teacher's guided x̂ at a random timestep (any of the 1,000, since the student must work with any number of steps):

# %%
#| export
def train_guided(parts, bank, steps=2000, bs=64, lr=3e-4, w_range=W_RANGE, proj_dim=256, seed=42, log=None, student=None):
    "Stage 1: train a guidance-conditioned v-student (from `parts.unet`, the ε teacher) to match the teacher's CFG x̂ for w in `w_range`. Returns (student, losses)."
    teacher = parts.unet.float().eval().requires_grad_(False)
    student = student or guided_student(teacher, proj_dim)
    uncond = encode_prompts(parts.tokenizer, parts.text_encoder.float(), ['']).detach()
    def target_fn(x, cond, w, g):
        t = torch.randint(0, _SCHED.config.num_train_timesteps, (len(x),), generator=g).to(x.device)
        z = noisy(x, t, g)
        return z, t, teacher_x0(teacher.to(x.device), z, t, cond, uncond.to(x.device), w)
    return distill_loop(student, parts, bank, target_fn, steps, bs, lr, w_range, seed, 'guided', log)

# %% [markdown]
# A short run of the same code (the full one is in `distill_all`, below): the loss is finite, the student moved away from the teacher, and the same seed gives the same student.

# %%
st1,l1 = train_guided(teacher, bank, steps=3, bs=8)
test_eq(len(l1), 3); assert all(math.isfinite(o) for o in l1)
assert st1.time_embedding.cond_proj.weight.abs().sum() > 0  # w is now an input
st1b,_ = train_guided(teacher, bank, steps=3, bs=8)
test_eq(st1b.state_dict()['conv_out.weight'], st1.state_dict()['conv_out.weight'])
l1

# %% [markdown]
# ## Progressive distillation, stage 2: half the steps per round
#
# Now the stage-1 student, sampled with N = 64 DDIM steps, is the teacher. A student (a copy of it) learns to do in **one** step what the teacher does in **two**; then it becomes the teacher and N halves: 32, 16, 8, 4, 2, 1.
#
# One training example (Salimans & Ho, Algorithm 2): take real latents x, a timestep t on the student's N-step grid, noise: $z_t=\alpha_t x+\sigma_t\varepsilon$. Let t' and t'' be the next two points of the teacher's 2N-step grid (t'' is the student's next point). The teacher takes two DDIM steps, $z_t\to z_{t'}\to \tilde z_{t''}$. What x̂ should the student output at $z_t$ so that *its* single DDIM step lands exactly on $\tilde z_{t''}$? Its step is
#
# $$z_{t''} = \alpha_{t''}\tilde x + \sigma_{t''}\,\frac{z_t-\alpha_t\tilde x}{\sigma_t}$$
#
# and this is linear in $\tilde x$, so solve for it:
#
# $$\tilde x = \frac{\tilde z_{t''} - (\sigma_{t''}/\sigma_t)\,z_t}{\alpha_{t''} - (\sigma_{t''}/\sigma_t)\,\alpha_t}.$$
#
# The denominator is positive whenever t'' is less noisy than t. The student is trained on $\max(\mathrm{SNR}_t,1)\lVert\hat x-\tilde x\rVert^2$. Note that the target is *not* the data x: the teacher's two steps from this $z_t$ are a deterministic function of $z_t$, so the student learns a function instead of a blurry average over every image that could have made $z_t$. That is why a student can do in one step what the teacher needed two for.

# %%
#| export
def ddim_grid(n):
    "The `n`-step DDIM timesteps (trailing spacing) followed by -1, the final level: student step i goes from grid[i] to grid[i+1]."
    if isinstance(n, bool) or not isinstance(n, int) or n<1 or n>_SCHED.config.num_train_timesteps: raise ValueError(f"ddim_grid: `n`={n!r} must be an int in [1, 1000]")
    s = copy.deepcopy(_SCHED); s.set_timesteps(n)
    return torch.cat([s.timesteps, torch.tensor([-1])])

def distill_target(z_t, z_s, t, s):
    "Salimans & Ho's x̃: the clean estimate whose single DDIM step from (`z_t`, `t`) lands exactly on the teacher's `z_s` at level `s`."
    at,st = alpha_sigma(t, z_t); as_,ss = alpha_sigma(s, z_t)
    r = ss/st
    return (z_s - r*z_t)/(as_ - r*at)

# %%
test_eq(ddim_grid(4).tolist(), [999, 749, 499, 249, -1])
for n in [1,2,4,8,16,32]: test_eq(ddim_grid(2*n)[::2], ddim_grid(n))
test_fail(lambda: ddim_grid(0), contains='`n`')
x,zt = torch.randn(3,4,8,8), torch.randn(3,4,8,8)
t,m,s = torch.tensor([999,749,499]), torch.tensor([874,624,374]), torch.tensor([749,499,249])
zs = torch.randn(3,4,8,8)
test_close(ddim_step(zt, distill_target(zt, zs, t, s), t, s), zs, eps=1e-4)  # the student's one step lands on the target
test_close(distill_target(zt, ddim_step(ddim_step(zt, x, t, m), x, m, s), t, s), x, eps=1e-4)  # a teacher that knows x: x̃ = x

# %% [markdown]
# A round: the student starts as a copy of the teacher; both take the guidance scale as an input, so the teacher's two steps are two single passes.

# %%
#| export
def distill_round(teacher_unet, parts, bank, n, steps=800, bs=64, lr=2e-4, w_range=W_RANGE, seed=42, log=None):
    "Stage 2, one round: a copy of `teacher_unet` (a guided v UNet sampled with 2`n` DDIM steps) learns to sample with `n`. Returns (student, losses)."
    teacher = teacher_unet.float().eval().requires_grad_(False)
    grid,grid2 = ddim_grid(n),ddim_grid(2*n)
    def target_fn(x, cond, w, g):
        i = torch.randint(0, n, (len(x),), generator=g)
        t,m,s = grid[i].to(x.device), grid2[2*i+1].to(x.device), grid[i+1].to(x.device)
        z = noisy(x, t, g)
        tm = teacher.to(x.device)
        z_m = ddim_step(z, student_x0(tm, z, t, cond, w), t, m)
        z_s = ddim_step(z_m, student_x0(tm, z_m, m, cond, w), m, s)
        return z, t, distill_target(z, z_s, t, s)
    student = copy.deepcopy(teacher).requires_grad_(True)
    return distill_loop(student, parts, bank, target_fn, steps, bs, lr, w_range, seed+n, f'round {2*n}->{n}', log)

# %%
st2,l2 = distill_round(st1, teacher, bank, 32, steps=3, bs=8)
test_eq(len(l2), 3); assert all(math.isfinite(o) for o in l2)
test_ne(st2.state_dict()['conv_out.weight'], st1.state_dict()['conv_out.weight'])  # a new student; the teacher is unchanged
l2

# %% [markdown]
# ## Saving and loading students
#
# A student is only a UNet: the tokenizer, text encoder and VAE are minisd's. We save it with `save_pretrained` in float16 (safetensors, like minisd), with the DDIM scheduler it was distilled for (v-prediction, trailing spacing) and a small `distill.json`: its step count, the guidance range it was trained on, and its measurements.
#
# `load_student(steps)` returns `Parts` that `mk_samples` samples with. Two guards watch how it is used:
#
# - its scheduler **warns** when asked for another step count than the one the student was distilled for (it still runs: a v model can take any number of DDIM steps, just not as well);
# - its UNet **warns** when the guidance scale is outside the trained range: the student never saw such a w, so it extrapolates. `mk_samples` hands the UNet only the guidance *embedding*, so the check reads w back from it: the slowest of its frequencies is $10^{-4}$, so its sin/cos pair holds the angle $0.1\,(g-1)$, which is unique for $-30<g<32$.

# %%
#| export
STUDENTS = MODELS/'minisd_students'

class DistilledDDIM(DDIMScheduler):
    "A `DDIMScheduler` that warns when asked for a step count other than `distilled_steps`, the one its student was distilled for."
    distilled_steps = None
    def set_timesteps(self, num_inference_steps, device=None):
        if self.distilled_steps and num_inference_steps!=self.distilled_steps:
            warnings.warn(f"this student was distilled for steps={self.distilled_steps}, not {num_inference_steps}; use load_student({num_inference_steps}) if it exists")
        return super().set_timesteps(num_inference_steps, device)

def guidance_from_embedding(emb):
    "The guidance scales `g` read back from `guidance_embedding(g, dim)` (exact for -30 < g < 32)."
    half = emb.shape[1]//2
    return torch.atan2(emb[:,half-1].float(), emb[:,2*half-1].float())/0.1 + 1

def _w_check(w_range):
    lo,hi = w_range
    def hook(module, args, kwargs):
        tc = kwargs.get('timestep_cond')
        if tc is None: raise ValueError("this student takes the guidance scale as an input: pass `timestep_cond` (mk_samples does)")
        g = guidance_from_embedding(tc)
        bad = g[(g<lo-1e-2)|(g>hi+1e-2)]
        if len(bad): warnings.warn(f"guidance scale g={bad[0].item():.3g} is outside the range this student was distilled for, [{lo:g}, {hi:g}]: it extrapolates")
    return hook

def student_parts(unet, base, steps=None, w_range=None, config=None):
    "`Parts` with `base`'s tokenizer, text encoder and VAE, the student `unet`, and a v-prediction trailing DDIM scheduler (or `config`) that warns off `steps`; the UNet warns off `w_range`."
    sched = DistilledDDIM.from_config(config or ddim_scheduler(base.scheduler.config, prediction_type='v_prediction').config)
    sched.distilled_steps = steps
    if w_range is not None: unet.register_forward_pre_hook(_w_check(w_range), with_kwargs=True)
    return Parts(base.tokenizer, base.text_encoder, base.vae, unet, sched)

def save_student(unet, path, steps, w_range=W_RANGE, **info):
    "Save student `unet` (float16 safetensors) with its DDIM scheduler config and `distill.json` (steps, w_range, `info`) to `path`."
    path = Path(path); path.mkdir(parents=True, exist_ok=True)
    copy.deepcopy(unet).half().save_pretrained(path/'unet', safe_serialization=True)
    ddim_scheduler(prediction_type='v_prediction').save_pretrained(path/'scheduler')
    json.dump(dict(steps=steps, w_range=list(w_range), prediction_type='v_prediction', **info), open(path/'distill.json','w'), indent=1)
    return path

def available_students(path=None):
    "Step counts with a saved student under `path` (default: the shipped ones)."
    path = Path(path or STUDENTS)
    return sorted(int(p.name[5:]) for p in path.glob('steps*') if p.name[5:].isdigit() and (p/'unet'/'config.json').exists()) if path.exists() else []

def load_student(steps=4, path=None, teacher=None, device=None, dtype=None):
    "`Parts` for sampling with the student distilled for `steps` DDIM steps: `mk_samples(prompts, g, steps=steps, parts=load_student(steps))`."
    path = Path(path or STUDENTS)
    avail = available_students(path)
    if steps not in avail:
        have = f"distilled: {avail}" if avail else "none distilled yet: `distill_all` makes them"
        raise ValueError(f"load_student: no student for `steps`={steps!r} in {path}; {have}")
    info = json.load(open(path/f'steps{steps}'/'distill.json'))
    base = load_parts(teacher, device=device, dtype=dtype, scheduler=None)
    unet = UNet2DConditionModel.from_pretrained(path/f'steps{steps}', subfolder='unet', torch_dtype=base.unet.dtype, use_safetensors=True)
    unet = unet.to(base.device).eval().requires_grad_(False)
    guided = info.get('stage')=='guided'  # a stage-1 student takes any number of steps
    return student_parts(unet, base, None if guided else steps, info['w_range'], DDIMScheduler.load_config(path/f'steps{steps}', subfolder='scheduler'))

# %% [markdown]
# The smoke-trained student above, saved and loaded back, samples through `mk_samples` at its two steps, deterministically, and the guards fire where they should:

# %%
def warns(f):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always'); f()
    return [str(o.message) for o in ws]
with tempfile.TemporaryDirectory() as d:
    save_student(st2, Path(d)/'steps2', steps=2, note='smoke')
    test_eq(available_students(d), [2])
    test_fail(lambda: load_student(3, path=d), contains='distilled: [2]')
    test_fail(lambda: load_student(4, path=Path(d)/'nothing'), contains='none distilled yet')
    sp = load_student(2, path=d)
    test_eq(sp.scheduler.config.prediction_type, 'v_prediction')
    test_eq(json.load(open(Path(d)/'steps2'/'distill.json'))['w_range'], [1., 12.])
    test_eq(sp.unet.state_dict()['conv_out.weight'], st2.state_dict()['conv_out.weight'].half().float())
a = mk_samples(['a red 7 on a blue background', 'a 3'], g=7.5, seed=1, steps=2, parts=sp, progress=False)
test_eq(a.shape, (2,3,32,32)); test_eq(unet_evals(sp, 4), 4)  # one pass per step
assert torch.equal(a, mk_samples(['a red 7 on a blue background', 'a 3'], g=7.5, seed=1, steps=2, parts=sp, progress=False))
test_eq([m for m in warns(lambda: mk_samples('a 3', g=7.5, steps=2, parts=sp, progress=False)) if 'student' in m], [])
assert any('outside the range' in m and '[1, 12]' in m for m in warns(lambda: mk_samples('a 3', g=20, steps=2, parts=sp, progress=False)))
assert any('g=0.5' in m for m in warns(lambda: mk_samples('a 3', g=0.5, steps=2, parts=sp, progress=False)))
assert any('distilled for steps=2, not 3' in m for m in warns(lambda: mk_samples('a 3', steps=3, parts=sp, progress=False)))
for g in [1, 7.5, 12, 25.5]: test_close(guidance_from_embedding(guidance_embedding(g, 256)), torch.tensor([float(g)]), eps=1e-3)

# %% [markdown]
# ## The whole recipe
#
# `distill_all` runs stage 1 and then every round, saves the students we ship, and logs to `distill_log.txt` and `distill_losses.json` next to them. At the end of each stage it measures, on fixed prompts and noise (`mk_samples`, `seed`-fixed): the **teacher-match error**, the RMS pixel difference between the student with N steps and its teacher with 2N steps from the same noise (for stage 1: the student against the CFG teacher, both at 64 steps), and the student's prompt accuracy.

# %%
#| export
ROUND_STEPS = {32: 300, 16: 400, 8: 800, 4: 1000, 2: 1000, 1: 1000}

def _match(sp, tp, steps, tsteps, ev, g=7.5, seed=0, clf=None):
    "Teacher-match RMSE (pixels in [-1,1]) of student parts `sp` at `steps` vs teacher parts `tp` at `tsteps`, and the student's accuracy."
    if ev is None: return {}
    real,prompts,labels = ev
    a = mk_samples(prompts, g=g, seed=seed, steps=steps, parts=sp, progress=False)
    b = mk_samples(prompts, g=g, seed=seed, steps=tsteps, parts=tp, progress=False)
    acc = prompt_accuracy(a, labels[:,0], labels[:,1], labels[:,2], clf=clf)
    return dict(match_rmse=(a-b).pow(2).mean().sqrt().item(), **{f'acc_{k}':v for k,v in acc.items()})

def distill_all(out=None, teacher=None, guided_steps=2200, round_steps=None, bs=64, lr_guided=3e-4, lr=2e-4, w_range=W_RANGE,
                keep=(64,8,4,2,1), n_bank=9000, n_eval=64, seed=42):
    "Stage 1 (guided) then progressive rounds 64→32→…→1 from `teacher` (default: minisd); saves the students in `keep` to `out` with logs (`n_eval`=0: no measurements)."
    out = Path(out or STUDENTS); out.mkdir(parents=True, exist_ok=True)
    round_steps = dict(ROUND_STEPS if round_steps is None else round_steps)
    if not round_steps or any(n not in ROUND_STEPS for n in round_steps): raise ValueError(f"distill_all: `round_steps` keys must be among {list(ROUND_STEPS)}")
    rounds = sorted(round_steps, reverse=True)
    if rounds[0]!=32 or any(a!=2*b for a,b in zip(rounds, rounds[1:])): raise ValueError(f"distill_all: rounds must halve from 32 without gaps, got {rounds}")
    t0 = time.time()
    tp = load_teacher(teacher, device=Accelerator().device, dtype=torch.float32)
    (ev,clf),res = (eval_set(n_eval, seed=1),load_classifier()) if n_eval else (None,None), {}
    with open(out/'distill_log.txt', 'w') as log:
        def say(*a): print(*a, file=log, flush=True)
        say(f'distill_all: guided_steps={guided_steps} rounds={round_steps} bs={bs} lr_guided={lr_guided} lr={lr} w_range={w_range} seed={seed} '
            f'torch={torch.__version__} threads={torch.get_num_threads()}')
        bank = latent_bank(tp, n_bank, seed=seed)
        say(f'latent bank of {len(bank[0])} in {time.time()-t0:.0f}s')
        unet,losses = train_guided(tp, bank, guided_steps, bs, lr_guided, w_range, seed=seed, log=log)
        m = _match(student_parts(unet, tp), tp, 64, 64, ev, clf=clf)
        res[64] = dict(losses=_smooth(losses), seconds=time.time()-t0, train_steps=guided_steps, **m)
        say(f'guided done in {time.time()-t0:.0f}s: {m}')
        if 64 in keep: save_student(unet, out/'steps64', 64, w_range, stage='guided', teacher_steps=64, train_steps=guided_steps, **m)
        for n in rounds:
            prev = unet
            unet,losses = distill_round(prev, tp, bank, n, round_steps[n], bs, lr, w_range, seed=seed, log=log)
            m = _match(student_parts(unet, tp), student_parts(prev, tp), n, 2*n, ev, clf=clf)
            res[n] = dict(losses=_smooth(losses), seconds=time.time()-t0, train_steps=round_steps[n], **m)
            say(f'{n} steps done in {time.time()-t0:.0f}s: {m}')
            if n in keep: save_student(unet, out/f'steps{n}', n, w_range, stage='progressive', teacher_steps=2*n, train_steps=round_steps[n], **m)
            json.dump(dict(rounds=res, every=10, seconds=time.time()-t0), open(out/'distill_losses.json','w'))
        say(f'all done in {time.time()-t0:.0f}s')
    json.dump(dict(rounds=res, every=10, seconds=time.time()-t0), open(out/'distill_losses.json','w'))
    return out

# %% [markdown]
# A miniature run of the driver (2 training steps per stage, two rounds) checks the logs and the saved students; the full run is the `slow` cell after it, about an hour on a 2-core CPU. (It is meant to run in the background: `nohup python -c "from miniai.distill import distill_all; distill_all()" &`.)

# %%
with tempfile.TemporaryDirectory() as d:
    distill_all(d, guided_steps=2, round_steps={32:2, 16:2}, bs=4, keep=(64,16), n_bank=16, n_eval=0)
    test_eq(available_students(d), [16,64])
    log = json.load(open(Path(d)/'distill_losses.json'))
    test_eq(sorted(log['rounds']), ['16','32','64'])
    assert 'all done' in open(Path(d)/'distill_log.txt').read()
    test_fail(lambda: distill_all(d, round_steps={16:2}), contains='halve from 32')

# %%
#| slow
distill_all()

# %% [markdown]
# ## The shipped students
#
# Everything below uses the students in `miniai/models/minisd_students/`, as `load_student` finds them.

# %%
have = available_students()
if not have: print(f'No student shipped yet in {STUDENTS}: run `distill_all` (the slow cell above) and re-run this notebook.')
have

# %% [markdown]
# What the full run logged, loss per round (averaged over 10 steps):

# %%
if have:
    run = json.load(open(STUDENTS/'distill_losses.json'))['rounds']
    ks = sorted(run, key=lambda k: -int(k))
    fig,axs = plt.subplots(1, len(ks), figsize=(2.1*len(ks), 2.2), sharey=False)
    for ax,k in zip(np.atleast_1d(axs), ks):
        ax.plot(np.arange(len(run[k]['losses']))*10, run[k]['losses']); ax.set_yscale('log')
        ax.set_title('stage 1 (guided)' if k=='64' else f'{2*int(k)}→{k} steps', fontsize=9); ax.set_xlabel('step', fontsize=8)
    plt.tight_layout()
    print(open(STUDENTS/'distill_log.txt').read().splitlines()[0]); print(f"total: {json.load(open(STUDENTS/'distill_losses.json'))['seconds']/60:.1f} min")
    display(pd.DataFrame({int(k): {c: run[k][c] for c in ['train_steps','match_rmse','acc_digit','acc_fg','acc_bg','acc_all']} for k in ks}).T.rename_axis('student steps').round(3))

# %% [markdown]
# ### Stage 1: student(w) against teacher CFG(w)
#
# The guided student with one pass per step against the teacher with two, both with 32 DDIM steps, from the same noise, for several guidance scales:

# %%
gs = [1, 3, 7.5, 12]
cmp_ps = [mk_caption(d, f, b) for d,f,b in [(7,'red','blue'), (3,'yellow','black'), (0,'white','purple'), (5,'green','orange')]]
if 64 in have:
    g1 = load_student(64)  # the stage-1 student: any number of steps
    ims,rmse = [],{}
    for g in gs:
        a = mk_samples(cmp_ps, g=g, seed=2, steps=32, parts=teacher, progress=False)
        b = mk_samples(cmp_ps, g=g, seed=2, steps=32, parts=g1, progress=False)
        ims += list(a)+list(b); rmse[g] = (a-b).pow(2).mean().sqrt().item()
    show_images([(o+1)/2 for o in ims], nrows=len(gs), titles=[f'teacher g={g}' if i==0 else f'student g={g}' if i==4 else '' for g in gs for i in range(8)], imsize=0.9)
    display(pd.Series(rmse, name='RMS pixel difference, student vs teacher').rename_axis('g').to_frame().round(3))
else: print('no stage-1 student shipped (steps64)')

# %% [markdown]
# Prompt accuracy of both at each guidance scale, 200 prompts, 32 steps. The student costs half the UNet evaluations:

# %%
#| slow
if 64 in have:
    rows = {g: {'teacher CFG (2 passes/step)': evaluate(teacher, 32, ev200, g=g, seed=1, clf=clf)[0]['all'],
                'student (1 pass/step)': evaluate(g1, 32, ev200, g=g, seed=1, clf=clf)[0]['all']} for g in gs}
    display(pd.DataFrame(rows).T.rename_axis('g').round(3))

# %% [markdown]
# ### Fewer steps: distilled against undistilled
#
# For each shipped step count: the distilled student against the teacher's DDIM at the same number of steps (the baseline above), on the same prompts and noise; UNet evaluations per image; and wall time for one batch of 8 on this machine's CPU threads.

# %%
def compare(ev, base, steps, seed=0):
    rows,imgs = {},{}
    for n in steps:
        sp = load_student(n)
        r,imgs[n] = evaluate(sp, n, ev, seed=seed, clf=clf)
        rows[n] = {'distilled all': r['all'], 'DDIM all': base.loc[n,'all'], 'distilled digit': r['digit'], 'distilled fg': r['fg'], 'distilled bg': r['bg'],
                   'distilled cFID': r['cfid'], 'DDIM cFID': base.loc[n,'cfid'], 'UNet evals/img': r['unet_evals'], 'DDIM UNet evals/img': base.loc[n,'unet_evals'],
                   's / batch of 8': time_batch(sp, n, ev[1][:8], reps=2), 'DDIM s / batch of 8': time_batch(teacher, n, ev[1][:8], reps=2)}
    return pd.DataFrame(rows).T.rename_axis('steps'), imgs
few = [n for n in have if n<=8]
if few:
    table,st_imgs = compare(ev, base, few)
    display(table.round(3))
else: print('no distilled student with 8 steps or fewer shipped yet')

# %%
if few:
    show_images([(o+1)/2 for n in few for o in list(st_imgs[n][:6])+list(base_imgs[n][:6])], nrows=len(few),
                titles=[f'student {n}' if i==0 else f'DDIM {n}' if i==6 else '' for n in few for i in range(12)], imsize=0.8);

# %% [markdown]
# The full comparison on 200 prompts, with the teacher-match error each round logged, and the goals of the issue checked from the numbers:

# %%
#| slow
if few:
    table200,_ = compare(ev200, base200, few, seed=1)
    table200['teacher-match RMSE'] = [run[str(n)]['match_rmse'] for n in few]
    display(table200.round(3))
    fig,ax = plt.subplots(figsize=(4.5,3))
    ax.plot(base200.index, base200['all'], 'o-', label='teacher, DDIM + CFG'); ax.plot(table200.index, table200['distilled all'], 's-', label='distilled student')
    ax.set_xscale('log', base=2); ax.set_xlabel('sampling steps'); ax.set_ylabel('prompt accuracy (all)'); ax.legend();

# %% [markdown]
# Speed and quality against the 50-step teacher (DDIM, CFG), on the same batch of 8 in the same run:

# %%
#| slow
if 4 in have:
    t_teacher = time_batch(teacher, 50, ev200[1][:8])
    t_student = time_batch(load_student(4), 4, ev200[1][:8])
    acc50 = evaluate(teacher, 50, ev200, seed=1, clf=clf)[0]['all']
    goals = {'4-step student: accuracy (all)': table200.loc[4,'distilled all'], '50-step CFG teacher: accuracy (all)': acc50,
             'accuracy gap (points)': 100*(acc50-table200.loc[4,'distilled all']), 'teacher s / batch of 8': t_teacher,
             'student s / batch of 8': t_student, 'speed-up': t_teacher/t_student,
             'distilled beats DDIM at every step count <= 8': bool((table200['distilled all'] > table200['DDIM all']).all())}
    if 1 in have: goals['1-step student: accuracy (all)'] = table200.loc[1,'distilled all']
    display(pd.Series(goals, dtype=object).to_frame('measured'))
