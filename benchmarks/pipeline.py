"""Time miniai's hand-built loop (`mk_samples`) against diffusers' `StableDiffusionPipeline` on the same parts and prompts.

Runs are interleaved (ours, theirs, ours, theirs, ...) in one process so that both see the same machine state;
prints the median time of each and the ratio ours/diffusers.
usage: python benchmarks/pipeline.py [--model PATH_OR_ID] [--steps 50] [--n 8] [--reps 7] [--size 32] [--dtype float32|float16] [--random-sd]
`--random-sd` builds Stable Diffusion v1's UNet/VAE/text encoder from their published configs with random weights (timing only; GPU)."""
import argparse, time, statistics, json, torch
from diffusers import StableDiffusionPipeline
from miniai.parts import load_parts
from miniai.diffusion import mk_samples
from miniai.core import MINISD

def sd_random_pipe(dtype, device):
    "SD v1's architecture (published configs) with random weights: timing only."
    from diffusers import UNet2DConditionModel, AutoencoderKL
    from miniai.core import Parts
    from miniai.minisd import build_clip_tokenizer
    from miniai.parts import mk_scheduler, clip_text_encoder, sd_pipeline
    unet = UNet2DConditionModel(sample_size=64, cross_attention_dim=768, attention_head_dim=8, layers_per_block=2,
                                block_out_channels=(320,640,1280,1280))
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(128,256,512,512), layers_per_block=2,
                        down_block_types=('DownEncoderBlock2D',)*4, up_block_types=('UpDecoderBlock2D',)*4, sample_size=512)
    te = clip_text_encoder(hidden=768, layers=12, heads=12, intermediate=3072, hidden_act='quick_gelu')
    pipe = sd_pipeline(Parts(build_clip_tokenizer(), te, vae, unet, mk_scheduler('pndm')))
    return pipe.to(device, dtype)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default=None); ap.add_argument('--steps', type=int, default=50); ap.add_argument('--n', type=int, default=8)
    ap.add_argument('--reps', type=int, default=7); ap.add_argument('--size', type=int, default=None)
    ap.add_argument('--dtype', default='float32'); ap.add_argument('--random-sd', action='store_true')
    a = ap.parse_args()
    dtype = getattr(torch, a.dtype)
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    pipe = sd_random_pipe(dtype, device) if a.random_sd else StableDiffusionPipeline.from_pretrained(a.model or MINISD, torch_dtype=dtype, safety_checker=None).to(device)
    pipe.set_progress_bar_config(disable=True)
    size = a.size or pipe.unet.config.sample_size*pipe.vae_scale_factor
    prompts = ['a red 7 on a blue background']*a.n
    sync = torch.cuda.synchronize if device=='cuda' else (lambda: None)
    def ours(): return mk_samples(prompts, g=7.5, seed=0, steps=a.steps, height=size, width=size, parts=pipe, progress=False)
    def theirs(): return pipe(prompts, guidance_scale=7.5, num_inference_steps=a.steps, height=size, width=size,
                              generator=torch.Generator().manual_seed(0), output_type='pt').images
    ours(); theirs()  # warm up
    t_ours,t_theirs = [],[]
    for _ in range(a.reps):
        for f,ts in ((ours,t_ours),(theirs,t_theirs)):
            sync(); t0 = time.perf_counter(); f(); sync(); ts.append(time.perf_counter()-t0)
    mo,mt = statistics.median(t_ours),statistics.median(t_theirs)
    print(json.dumps(dict(device=torch.cuda.get_device_name() if device=='cuda' else f'cpu ({torch.get_num_threads()} threads)',
                          model='SD v1 architecture, random weights' if a.random_sd else str(a.model or 'minisd'), dtype=a.dtype,
                          size=size, batch=a.n, steps=a.steps, reps=a.reps, ours_s=round(mo,4), diffusers_s=round(mt,4),
                          ratio_ours_over_diffusers=round(mo/mt,4))))

if __name__=='__main__': main()
