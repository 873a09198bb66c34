#!/usr/bin/env python3
"""Summarise a speedscope JSON written by `dotnet-trace collect --format Speedscope`: the top
frames by self and inclusive time on the busiest thread (the bench's main thread).
Usage: speedscope_top.py FILE [N] [--within SUBSTRING]  (--within: only time under a frame containing SUBSTRING)"""
import json, sys, collections

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 40
within = sys.argv[sys.argv.index('--within') + 1] if '--within' in sys.argv else None
PSEUDO = {'CPU_TIME', 'UNMANAGED_CODE_TIME'}
doc = json.load(open(path))
frames = [f['name'] for f in doc['shared']['frames']]
prof = max(doc['profiles'], key=lambda p: p['endValue'] - p['startValue'])
excl, incl = collections.Counter(), collections.Counter()
stack, last, total = [], None, 0.0
for e in prof['events']:
    at = e['at']
    if last is not None and stack and at > last:
        dt = at - last
        names = [frames[i] for i in stack]
        if within is None or any(within in s for s in names):
            total += dt
            real = [x for x in names if x not in PSEUDO]
            excl[real[-1] if real else names[-1]] += dt
            for s in set(names):
                incl[s] += dt
    last = at
    if e['type'] == 'O':
        stack.append(e['frame'])
    else:
        stack.pop()
print(f"{prof['name']}: {total:.0f} {prof['unit']} attributed" + (f" (within '{within}')" if within else ""))
def short(s): return s if len(s) < 160 else s[:157] + '...'
print("\n== self ==")
for s, w in excl.most_common(n): print(f"{100*w/total:6.1f}%  {short(s)}")
print("\n== inclusive ==")
for s, w in incl.most_common(n): print(f"{100*w/total:6.1f}%  {short(s)}")
