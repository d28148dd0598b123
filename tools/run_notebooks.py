"""Execute notebooks for commit, so that readers on the web see every output and picture.

Each notebook runs top to bottom in a fresh process, in its own folder, with matplotlib's inline backend (a kernel
started with MPLBACKEND=Agg would store no figures) and nbdev's own executor (execnb). Cells flagged with one of
`--skip` (default: `cuda`, which needs a GPU, and `train`, which retrains the shipped weights) are not executed and
keep the outputs they have. Cells flagged `slow` do run: they are the full-length evaluations whose results the
prose quotes. Progress bars are stored in their final state only. The notebook is written back only if every cell
succeeded, then cleaned with `nbdev_clean`.

usage: python tools/run_notebooks.py NOTEBOOK [NOTEBOOK ...] [--skip "cuda train"] [--times FOLDER]"""
import argparse, json, os, re, subprocess, sys, time
from pathlib import Path

def flags(src):
    "The words of a cell's `#|` directives."
    return {w for l in src.splitlines() if l.startswith('#|') for w in l[2:].split()}

def final_state(text):
    "Keep what a terminal would show: for each line, the text after its last carriage return."
    return '\n'.join(l.rsplit('\r', 1)[-1] for l in text.split('\n'))

# Notices about this executor's environment, not about the notebook: there is no widget front end, so tqdm.auto falls
# back to text bars (what the stored notebook should show) and warns that ipywidgets is missing; and there is no
# torchvision, so transformers falls back to the PIL image processors of SD's safety checker (minisd has none) and says
# so. Neither would appear in a reader's Jupyter with those packages; they are dropped from the stored outputs.
ENV_NOTICES = re.compile(r'^.*TqdmWarning: IProgress not found.*\n(  from \.autonotebook import.*\n)?|'
                         r'^\[transformers\] `\w+ImageProcessor` requires torchvision \(not installed\).*\n?', re.M)

def squash_streams(outputs):
    "Merge consecutive stream outputs of the same name and drop progress-bar redraws."
    res = []
    for o in outputs:
        if o.get('output_type')=='stream' and res and res[-1].get('output_type')=='stream' and res[-1]['name']==o['name']:
            res[-1]['text'] += o['text']
        else: res.append(dict(o))
    for o in res:
        if o.get('output_type')=='stream': o['text'] = ENV_NOTICES.sub('', final_state(''.join(o['text'])))
    return [o for o in res if o.get('output_type')!='stream' or o['text'].strip()]

def run_one(path, skip, times=None):
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    path = Path(path).resolve()
    os.chdir(path.parent)
    nb = read_nb(path)
    shell = CaptureShell(path.parent, mpl_format='png')
    t0,at,src,started,took = time.time(),[None],{},{},[]
    def pre(cell):
        at[0] = cell.idx_
        started[cell.idx_] = time.perf_counter()
        if cell.cell_type!='code' or flags(cell.source) & skip: return True
        cell.outputs = []  # execnb adds outputs only when there are some: a cell that now prints nothing keeps no stale ones
        if cell.source.rstrip().endswith(';'):  # execnb drops the stdout of such cells; Jupyter only hides their value
            src[cell.idx_] = cell.source; cell.source += '\npass'
        return False
    def post(cell):
        if cell.idx_ in src: cell.source = src.pop(cell.idx_)
        if cell.cell_type=='code': took.append(dict(id=cell.get('id'), first_line=cell.source.split('\n')[0][:80],
                                                    seconds=round(time.perf_counter()-started[cell.idx_], 3)))
        cell.outputs = squash_streams(cell.get('outputs', []))
    try: shell.run_all(nb, exc_stop=True, preproc=pre, postproc=post)
    except Exception as e:
        print(f'{path.name}: FAILED at cell {at[0]} after {time.time()-t0:.0f}s: {type(e).__name__}: {str(e)[:2000]}', file=sys.stderr)
        return 1
    write_nb(nb, path)
    if times:
        Path(times).parent.mkdir(parents=True, exist_ok=True)
        Path(times).write_text(json.dumps(dict(notebook=path.name, cells=took), indent=1))
    subprocess.run(['nbdev_clean', '--fname', str(path)], check=True)
    print(f'{path.name}: executed in {time.time()-t0:.0f}s (skipped cells flagged {" or ".join(sorted(skip))})')
    return 0

if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='+')
    ap.add_argument('--skip', default='cuda train', help='flags of cells not to execute')
    ap.add_argument('--times', default=None, help='folder to write each notebook\'s per-cell wall times to (NAME.json)')
    ap.add_argument('--one', action='store_true', help=argparse.SUPPRESS)  # run in this process (used per notebook)
    a = ap.parse_args()
    os.environ.pop('MPLBACKEND', None)
    os.environ.setdefault('HF_HUB_OFFLINE', '1')
    # OMP_WAIT_POLICY is left as the caller has it, as in a reader's kernel: PASSIVE made torch about 40% slower here on 2
    # cores (8 images x 50 steps: 5.7 s against 4.1 s), and notebooks print timings. Run one heavy job at a time.
    if a.one: sys.exit(run_one(a.notebooks[0], set(a.skip.split()), a.times))
    rc = 0
    for nb in a.notebooks:  # a fresh process each, as a reader's kernel would be
        times = ['--times', str(Path(a.times).resolve()/(Path(nb).stem+'.json'))] if a.times else []
        rc |= subprocess.run([sys.executable, __file__, '--one', '--skip', a.skip, *times, str(Path(nb).resolve())]).returncode
    sys.exit(rc)
