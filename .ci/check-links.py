#!/usr/bin/env python3
"""Checks every relative link and anchor in the repository's Markdown files (GitHub's anchor rules)."""
import os, re, subprocess, sys
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
files = [f for f in subprocess.run(['git', 'ls-files', '-co', '--exclude-standard', '*.md'], cwd=root, capture_output=True, text=True).stdout.split()
         if 'node_modules' not in f and '/target/' not in f and not f.startswith('bench/results')]
def anchors(path):
    out, seen = set(), {}
    text = re.sub(r'```.*?```', '', open(path, encoding='utf-8').read(), flags=re.S)
    for line in text.split('\n'):
        m = re.match(r'#{1,6}\s+(.*)', line)
        if not m: continue
        a = m.group(1).strip().lower()
        a = re.sub(r'[^\w\- ]', '', a).replace(' ', '-')
        n = seen.get(a, 0); seen[a] = n + 1
        out.add(a if n == 0 else f'{a}-{n}')
    return out
bad = 0
for f in files:
    text = re.sub(r'```.*?```', '', open(os.path.join(root, f), encoding='utf-8').read(), flags=re.S)
    for target in re.findall(r'\]\(([^)\s]+)\)', text):
        if re.match(r'[a-z]+:', target): continue
        path, _, frag = target.partition('#')
        full = os.path.normpath(os.path.join(root, os.path.dirname(f), path)) if path else os.path.join(root, f)
        if not os.path.exists(full):
            print(f'{f}: missing file {target}'); bad += 1; continue
        if frag and full.endswith('.md') and frag not in anchors(full):
            print(f'{f}: missing anchor {target}'); bad += 1
print(f'{len(files)} Markdown files checked, {bad} broken links')
sys.exit(1 if bad else 0)
