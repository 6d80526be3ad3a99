"""Print the size of kzgov's public API and of its modules.

Public names: the ``__all__`` of every public module of the library (a module whose dotted
path has no part starting with ``_``), with :mod:`kzgov.study` counted apart. Module sizes:
lines of each source file. Usage: ``python benchmarks/api_size.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import kzgov


def main() -> None:
    src = Path(kzgov.__file__).parent
    library, study = {}, {}
    for info in sorted(pkgutil.walk_packages(kzgov.__path__, "kzgov."), key=lambda m: m.name):
        parts = info.name.split(".")[1:]
        if any(p.startswith("_") for p in parts):
            continue
        module = importlib.import_module(info.name)
        names = list(getattr(module, "__all__", []))
        (study if parts[0] == "study" else library)[info.name] = names
    print("public names per library module (__all__):")
    for name, names in library.items():
        print(f"  {name:32} {len(names):4}")
    print(f"library total: {sum(map(len, library.values()))} names in {len(library)} modules")
    print(f"kzgov.study total: {sum(map(len, study.values()))} names in {len(study)} modules")
    print("lines per source file:")
    sizes = {p.relative_to(src.parent).as_posix(): len(p.read_text().splitlines()) for p in sorted(src.rglob("*.py"))}
    for path, n in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {path:40} {n:6}")
    lib = sum(n for p, n in sizes.items() if not p.startswith("kzgov/study/"))
    stu = sum(n for p, n in sizes.items() if p.startswith("kzgov/study/"))
    print(f"library: {lib} lines; kzgov.study: {stu} lines; largest file {max(sizes.values())} lines")


if __name__ == "__main__":
    main()
