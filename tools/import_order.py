"""Check that the modules flow in reading order: no `miniai` module imports a module whose notebook comes later.

Each module's notebook is read from its header ("File to edit: ../nbs/NAME.ipynb"); notebooks are read in the order
their names sort. Prints one line per module (its notebook, lines, the miniai modules it imports) and exits 1 on the
first import against the reading order.
usage: python tools/import_order.py [--markdown]"""
import re, sys
from pathlib import Path

def modules(lib='miniai'):
    res = {}
    for f in sorted(Path(lib).glob('*.py')):
        if f.name.startswith('_'): continue
        text = f.read_text()
        nb = re.search(r'File to edit: \.\./nbs/(\S+)\.ipynb', text)
        if not nb: continue
        imports = sorted(set(re.findall(r'^from \.(\w+) import', text, re.M)))
        doc = re.match(r'"""(.*?)"""', text, re.S)
        res[f.stem] = dict(notebook=nb.group(1), imports=imports, lines=len(text.splitlines()),
                           doc=doc.group(1).split('\n')[0] if doc else '')
    return res

if __name__=='__main__':
    mods = modules()
    order = sorted(mods, key=lambda m: mods[m]['notebook'])
    bad = [(m, i) for m in order for i in mods[m]['imports'] if mods[i]['notebook'] > mods[m]['notebook']]
    if '--markdown' in sys.argv:
        print('| notebook | module | lines | imports | its job |\n|---|---|---|---|---|')
        for m in order:
            d = mods[m]
            print(f"| `{d['notebook']}` | `{m}` | {d['lines']} | {', '.join(d['imports']) or '-'} | {d['doc']} |")
    else:
        for m in order: print(f"{mods[m]['notebook']:<18} {m:<12} {mods[m]['lines']:>4}  <- {', '.join(mods[m]['imports']) or '-'}")
    for m,i in bad: print(f'FAIL: {m} ({mods[m]["notebook"]}) imports {i} ({mods[i]["notebook"]}), a later notebook', file=sys.stderr)
    if bad: sys.exit(1)
    print(f'{len(order)} modules; every import points to an earlier notebook')
