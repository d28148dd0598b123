"""Per notebook: code cells, code lines, test cells, and the first code cell that carries a picture (counted among code cells, from 1).

A test cell is a code cell that is not exported and calls `test_eq`, `test_close`, `test_fail`, `test_ne` or `assert`.
usage: python tools/nb_stats.py [NOTEBOOK ...]   (default: every notebook in nbs/)"""
import json, re, sys
from pathlib import Path

TEST = re.compile(r'\btest_(eq|close|fail|ne|is)\b|^\s*assert\b', re.M)

def stats(path):
    cells = json.loads(Path(path).read_text())['cells']
    code = [(i,c) for i,c in enumerate(cells) if c['cell_type']=='code']
    src = lambda c: ''.join(c['source'])
    lines = sum(len([l for l in src(c).splitlines() if l.strip() and not l.startswith('#|')]) for _,c in code)
    tests = sum(1 for _,c in code if TEST.search(src(c)) and '#| export' not in src(c))
    pic = next((k for k,(i,c) in enumerate(code) if any('image/png' in o.get('data', {}) for o in c.get('outputs', []))), None)
    return dict(notebook=Path(path).stem, cells=len(cells), code_cells=len(code), code_lines=lines, test_cells=tests,
                first_picture_code_cell=None if pic is None else pic+1)

if __name__=='__main__':
    paths = sys.argv[1:] or sorted(str(p) for p in Path('nbs').glob('*.ipynb'))
    rows = [stats(p) for p in paths]
    keys = list(rows[0])
    print(' | '.join(keys))
    for r in rows: print(' | '.join(str(r[k]) for k in keys))
