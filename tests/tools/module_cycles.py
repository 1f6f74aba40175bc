#!/usr/bin/env python3
"""Check that the library's modules form no dependency cycle.

Reads every file under src/ (the binary's src/main.rs and src/cmd/ excepted),
collects the modules each one names through `crate::…` and `super::…` paths
outside comments and test modules, and looks for cycles at two levels: between
the top-level modules (text, model, taxonomy, …) and between files. Prints the
top-level dependency map and every cycle; exits 1 when there is one.

    python3 tests/tools/module_cycles.py [--quiet]
"""

import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src")


def modules():
    """Module path (`output::dataset`) -> file, for every library file."""
    found = {}
    for folder, _, files in os.walk(ROOT):
        rel_folder = os.path.relpath(folder, ROOT)
        if rel_folder == "cmd" or rel_folder.startswith("cmd" + os.sep):
            continue
        for name in files:
            if not name.endswith(".rs") or (rel_folder == "." and name in ("main.rs", "lib.rs")):
                continue
            rel = os.path.normpath(os.path.join(rel_folder, name[:-3]))
            parts = [p for p in rel.split(os.sep) if p != "."]
            if parts[-1] == "mod":
                parts = parts[:-1]
            found["::".join(parts)] = os.path.join(folder, name)
    return found


def code_of(path):
    """The file's code without its test module and comment lines."""
    text = open(path, encoding="utf-8").read().split("#[cfg(test)]")[0]
    return "\n".join(l for l in text.split("\n") if not l.strip().startswith("//"))


def resolve(mods, current, path):
    """The module a `crate::…` or `super::…` path points into, if any."""
    parts = path.split("::")
    if parts[0] == "crate":
        base, parts = [], parts[1:]
    elif parts[0] == "super":
        base = current.split("::")
        if not mods[current].endswith("mod.rs"):
            base = base[:-1]
        while parts and parts[0] == "super":
            parts = parts[1:]
            if parts and parts[0] == "super":
                base = base[:-1]
    else:
        return None
    candidate = base + parts
    for k in range(len(candidate), 0, -1):
        name = "::".join(candidate[:k])
        if name in mods:
            return name
    return None


def edges(mods):
    out = {m: set() for m in mods}
    for m, path in mods.items():
        code = code_of(path)
        paths = re.findall(r"\b((?:crate|super)(?:::\w+)+)", code)
        for root, group in re.findall(r"use (crate|super)::\{([^}]*)\}", code):
            paths += [root + "::" + item.strip().split("::")[0] for item in group.split(",")]
        for p in paths:
            t = resolve(mods, m, p)
            related = t is None or t == m or t.startswith(m + "::") or m.startswith(t + "::")
            if not related:
                out[m].add(t)
    return out


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def main():
    quiet = "--quiet" in sys.argv
    mods = modules()
    by_file = edges(mods)
    top = {}
    for a, targets in by_file.items():
        for b in targets:
            ta, tb = a.split("::")[0], b.split("::")[0]
            if ta != tb:
                top.setdefault(ta, set()).add(tb)
    if not quiet:
        for a in sorted(top):
            print(f"{a} -> {', '.join(sorted(top[a]))}")
    bad = cycles(top) + cycles(by_file)
    for c in bad:
        print("cycle:", " <-> ".join(c))
    print(f"{len(mods)} modules, {len(bad)} cycles")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
