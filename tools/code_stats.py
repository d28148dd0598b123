"""Lines per module, the longest functions and classes, and hand-written lines over 120 characters in a package folder.
usage: python tools/code_stats.py [miniai]   (run it on an older checkout's folder to compare)"""
import ast, sys, pathlib

def stats(folder):
    mods,defs,long = [],[],0
    for p in sorted(pathlib.Path(folder).glob('*.py')):
        if p.name.startswith('_'): continue
        src = p.read_text(); lines = src.split('\n')
        mods.append((p.name, len(lines)))
        in_all = False
        for i,l in enumerate(lines):  # nbdev writes line 1 (the notebook's summary) and `__all__`: not counted
            if l.startswith('__all__'): in_all = True
            if len(l)>120 and i>0 and not in_all: long += 1
            if in_all and l.rstrip().endswith(']'): in_all = False
        defs += [(n.end_lineno-n.lineno+1, f'{p.stem}.{n.name}') for n in ast.walk(ast.parse(src))
                 if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    return mods, sorted(defs, reverse=True), long

if __name__=='__main__':
    mods,defs,long = stats(sys.argv[1] if len(sys.argv)>1 else 'miniai')
    for m,n in mods: print(f'{m:16s}{n:6d}')
    print(f'{"total":16s}{sum(n for _,n in mods):6d}')
    print('longest:', ', '.join(f'{name} {n}' for n,name in defs[:5]))
    print('hand-written lines over 120 characters:', long)
