"""A committed notebook as a reader sees it on the web, in plain text: markdown, code (hidden cells left out, as nbdev's
docs leave them out), text outputs, and each picture saved as a PNG whose path stands where the picture would be.

usage: python tools/nb_view.py nbs/01_pipeline.ipynb OUT_FOLDER   (writes OUT_FOLDER/NAME.md and OUT_FOLDER/NAME-cellN-k.png)"""
import base64, json, sys
from pathlib import Path

def view(path, out):
    path,out = Path(path),Path(out); out.mkdir(parents=True, exist_ok=True)
    cells,parts = json.loads(path.read_text())['cells'],[]
    for i,c in enumerate(cells):
        src = ''.join(c['source'])
        if c['cell_type']=='markdown': parts.append(f'[{i}] {src}'); continue
        if any(l.strip() in ('#| hide', '#|hide') for l in src.splitlines()): continue
        parts.append(f'[{i}] ```python\n{src}\n```')
        for k,o in enumerate(c.get('outputs', [])):
            d = o.get('data', {})
            if 'image/png' in d:
                f = out/f'{path.stem}-cell{i}-{k}.png'; f.write_bytes(base64.b64decode(d['image/png'])); parts.append(f'[picture: {f}]')
            elif 'text/plain' in d or 'text' in o:
                parts.append('```\n' + ''.join(d.get('text/plain') or o.get('text')).rstrip() + '\n```')
    (out/f'{path.stem}.md').write_text('\n\n'.join(parts)+'\n')
    return out/f'{path.stem}.md'

if __name__=='__main__': print(view(sys.argv[1], sys.argv[2]))
