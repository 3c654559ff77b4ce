#!/usr/bin/env python3
"""The module graph of a crate's sources: which modules import which (`crate::x` paths outside
comments and test modules), the import cycles, and the longest import chain.

    scripts/module-graph.py runtime/src
"""
import re,os,glob,sys
root=sys.argv[1]
mods={}
for p in glob.glob(root+'/*.rs'):
    m=os.path.basename(p)[:-3]
    s=open(p).read().split('#[cfg(test)]\nmod tests')[0]
    s='\n'.join(l for l in s.split('\n') if not l.strip().startswith('//'))
    deps=set(re.findall(r'crate::([a-z_]+)::', s))|set(re.findall(r'use crate::\{?([a-z_]+)', s))
    mods[m]=sorted(d for d in deps if d!=m and os.path.exists(f'{root}/{d}.rs'))
cycles=set()
def dfs(n,stack):
    for d in mods.get(n,[]):
        if d in stack: cycles.add(tuple(sorted(stack[stack.index(d):])))
        elif len(stack)<20: dfs(d,stack+[d])
for m in mods: dfs(m,[m])
print("modules:", len(mods), "cycles:", sorted(cycles)[:8], "count", len(cycles))
def depth(n,seen):
    ds=[depth(d,seen|{n}) for d in mods.get(n,[]) if d not in seen|{n}]
    return 1+max(ds,default=0)
print("longest import chain:", max(depth(m,frozenset()) for m in mods))
