"""Build a notebook from a jupytext percent-format source and (optionally) execute it in nbs/.
usage: python build.py SRC.py NAME.ipynb [--no-exec] [--timeout S]"""
import sys, subprocess, time, jupytext, nbformat
from nbclient import NotebookClient
src, name = sys.argv[1], sys.argv[2]
dest = f'/work/main/nbs/{name}'
nb = jupytext.read(src, fmt='py:percent')
nb.metadata = {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}
if '--no-exec' not in sys.argv:
    t = int(sys.argv[sys.argv.index('--timeout')+1]) if '--timeout' in sys.argv else 1800
    t0 = time.time()
    skip = [a.split('=',1)[1] for a in sys.argv if a.startswith('--skip=')]  # cells containing these strings are not executed
    keep = {}
    for i,c in enumerate(nb.cells):
        if c.cell_type=='code' and any(k in c.source for k in skip): keep[i] = c.source; c.source = '# (not executed by the build)'
    NotebookClient(nb, timeout=t, kernel_name='python3', resources={'metadata': {'path': '/work/main/nbs'}}).execute()
    for i,src in keep.items(): nb.cells[i].source = src; nb.cells[i].outputs = []; nb.cells[i].execution_count = None
    print(f'executed {name} in {time.time()-t0:.1f}s')
nbformat.write(nb, dest)
subprocess.run(['nbdev_clean', '--fname', dest], check=True, cwd='/work/main')
