"""Check the committed notebooks as a reader on the web sees them.

Fails (exit 1) when, in a notebook under nbs/:
- a code cell that draws (a matplotlib call, `show_images`, or an image as the cell's value) has no image output,
- a code cell looks unexecuted: no output at all, though it prints or ends with a value to show,
- any output holds an error or a traceback, or
- any output holds a warning or a library's loading bar (noise a reader should not have to read past).
Cells flagged `#| cuda` or `#| train` are not executed when notebooks are run for commit (see tools/run_notebooks.py),
so they are not checked for pictures or outputs. (`nbdev_clean` empties every execution count, so "unexecuted" is read
from the outputs.)

usage: python tools/check_notebooks.py [NOTEBOOK ...]   (default: nbs/*.ipynb)"""
import ast, json, os, re, sys
from pathlib import Path

NOT_RUN = ('cuda', 'train')  # flags of cells that run_notebooks.py leaves unexecuted
DRAW_FUNCS = {'show_images', 'show_image', 'imshow', 'subplots', 'plot', 'bar', 'barh', 'scatter', 'hist', 'semilogy',
              'loglog', 'matshow', 'figure'}
IMAGE_VALUE_FUNCS = {'image_grid', 'mk_img', 'fromarray', 'resize', 'open'}

def flags(src):
    "The `#|` directives of a cell's source, as words."
    return {w for l in src.splitlines() if l.startswith('#|') for w in l[2:].split()}

def _code(src):
    "The cell's source as Python: directives and IPython magics commented out."
    return '\n'.join('#'+l if l.lstrip().startswith(('%', '!')) else l for l in src.splitlines())

def _name(f):
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None

def _top_calls(stmt):
    "Calls made by a top-level statement, not counting the bodies of functions and classes it defines."
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): return
    todo = [stmt]
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)): continue
        if isinstance(n, ast.Call): yield n
        todo.extend(ast.iter_child_nodes(n))

def draws(src):
    "Does this cell draw: a matplotlib/`show_images` call at top level, or an image as its value?"
    try: tree = ast.parse(_code(src))
    except SyntaxError: return False
    for stmt in tree.body:
        for c in _top_calls(stmt):
            f = c.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id=='plt' and f.attr not in ('close', 'rc'): return True
            if _name(f) in DRAW_FUNCS: return True
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and _name(last.value.func) in IMAGE_VALUE_FUNCS: return True
    return False

def shows_value(src):
    "Does this cell print, or end with an expression whose value Jupyter would show (not a `test_`/`set_` call, not `;`)?"
    try: tree = ast.parse(_code(src))
    except SyntaxError: return False
    if any(_name(c.func)=='print' for stmt in tree.body for c in _top_calls(stmt)): return True
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or src.rstrip().endswith(';'): return False
    return not (isinstance(last.value, ast.Call) and (_name(last.value.func) or '').startswith(('test', 'set')))

# warnings (FutureWarning, TqdmWarning, `warnings.warn`, transformers' '[transformers] ...' notices) and the loading and
# saving bars of transformers and diffusers; a progress bar of the lesson's own loop is fine
NOISE = re.compile(r'\w*Warning\b|\bwarn\(|^\[transformers\]|Loading weights|Loading pipeline components|'
                   r'Writing model shards|\x1b\[', re.M)

def noise(cell):
    "The first noisy line in the cell's outputs, or None."
    for o in cell.get('outputs', []):
        text = ''.join(o.get('text', '')) if o.get('output_type')=='stream' else ''
        m = NOISE.search(text)
        if m: return text[text.rfind('\n', 0, m.start())+1:].split('\n')[0][:100]

def has_image(cell): return any(k.startswith('image/') for o in cell.get('outputs', []) for k in o.get('data', {}))

def has_error(cell):
    return any(o.get('output_type')=='error' or 'Traceback (most recent call last)' in ''.join(o.get('text', ''))
               for o in cell.get('outputs', []))

def check(paths):
    "Problems found in notebooks `paths`, and the number of cells that draw."
    problems,n_draw = [],0
    for p in paths:
        for i,c in enumerate(json.loads(Path(p).read_text())['cells']):
            if c['cell_type']!='code': continue
            src = ''.join(c['source'])
            if has_error(c): problems.append(f'{p} cell {i}: an output holds an error or a traceback')
            if (n := noise(c)): problems.append(f'{p} cell {i}: noise in the outputs: {n!r}')
            if flags(src) & set(NOT_RUN): continue
            if not c.get('outputs') and shows_value(src): problems.append(f'{p} cell {i}: looks unexecuted (no output)')
            if not draws(src): continue
            n_draw += 1
            if not has_image(c): problems.append(f'{p} cell {i}: draws but has no picture in its outputs')
    return problems, n_draw

if __name__=='__main__':
    paths = sys.argv[1:] or sorted(os.path.relpath(p) for p in (Path(__file__).resolve().parent.parent/'nbs').glob('*.ipynb'))
    problems,n_draw = check(paths)
    for o in problems: print(o)
    count = lambda w: sum(w in o for o in problems)
    missing = count('no picture')
    print(f'check_notebooks: {len(paths)} notebooks, {n_draw} cells that draw, {n_draw-missing} with pictures; '
          f'{count("error")} outputs with errors, {count("noise")} with warnings or loading bars, '
          f'{count("unexecuted")} cells that look unexecuted')
    sys.exit(1 if problems else 0)
