#!/usr/bin/env python3
"""The layering rules of docs/ARCHITECTURE.md, checked on the #include graph.

Every C++ file of the project belongs to one layer, by its folder:

  core      include/infra/ (but infra/cli.hpp), src/*, src/rules/
  bindings  the generated infra/aws/ headers (infra-gen's output)
  aws_rules src/rules/aws/, include/infra/rules/aws_rules.hpp: the AWS rule
            packs, a library of their own; the core knows no provider
  cli       src/cli/, include/infra/cli.hpp
  modules   modules/
  stacks    stacks/
  entry     stacks/main.cpp: the `infra` executable, the CLI given the
            app's stacks; it may include every layer
  tools     tools/infra-gen/ (the binding generator, also behind `infra get`)

and may include only the layers below it:

  core     -> core
  bindings -> core, bindings
  aws_rules -> core, aws_rules
  modules  -> core, bindings, modules
  stacks   -> core, bindings, aws_rules, modules, stacks
  tools    -> core, tools
  cli      -> core, tools, cli (the CLI is generic: it knows no app's
              stacks and no provider's bindings)

The core's headers are public (include/infra/, installed) or private
(src/*.hpp, beside their sources): a public header never includes a private
one, and modules and stacks, written as a user writes an app, use the
public SDK only.

Two more rules the include graph cannot show: only src/cli/ starts
processes (fork, exec*, system, popen, posix_spawn), and the core never
logs (no spdlog): it returns diagnostics and throws; the CLI reports.

Usage: layering.py ROOT        checks the tree at ROOT, prints each
                               violation as "file:line: what", exits 1 if any
       layering.py --self-test checks that planted violations are found
"""
import os
import re
import sys
import tempfile

ALLOWED = {
    "core": {"core"},
    "bindings": {"core", "bindings"},
    "aws_rules": {"core", "aws_rules"},
    "modules": {"core", "bindings", "modules"},
    "stacks": {"core", "bindings", "aws_rules", "modules", "stacks"},
    "tools": {"core", "tools"},
    "cli": {"core", "tools", "cli"},
    "entry": {"core", "bindings", "aws_rules", "cli", "modules", "stacks"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
PROCESS_CALL = re.compile(r'(?<![\w.])(?:::)?(fork|execv|execvp|execve|execl|execlp|popen|posix_spawnp?|(?:std::)?system)\s*\(')
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc")


def layer_of(relative):
    """The layer of a project file, by its path relative to the root."""
    parts = relative.split("/")
    if relative == "stacks/main.cpp":
        return "entry"
    if relative == "include/infra/cli.hpp" or relative.startswith("src/cli/"):
        return "cli"
    if relative.startswith("include/infra/aws/"):
        return "bindings"
    if relative.startswith("src/rules/aws/") or relative == "include/infra/rules/aws_rules.hpp":
        return "aws_rules"
    if relative.startswith("include/infra/") or (parts[0] == "src"):
        return "core"
    if parts[0] == "modules":
        return "modules"
    if parts[0] == "stacks":
        return "stacks"
    if parts[0] == "tools":
        return "tools"
    return None


def resolve(root, including, name):
    """The file an #include "name" in `including` reaches, relative to the
    root, or None when it is not a project file (a system or third-party
    header)."""
    if name.startswith("infra/aws/"):
        return "include/" + name
    if name.startswith("infra/"):
        return "include/" + name if os.path.exists(os.path.join(root, "include", name)) else None
    here = os.path.dirname(including)
    for folder in (here, "modules", "stacks", "src", "tools/infra-gen"):
        candidate = os.path.normpath(os.path.join(folder, name))
        if os.path.exists(os.path.join(root, candidate)):
            return candidate
    return None


def is_private_header(relative):
    """A core header beside its sources: not installed, not for users."""
    return layer_of(relative) == "core" and relative.startswith("src/")


def strip_comments(line, in_block):
    """The code of `line` without // and /* */ comments or string
    literals, and whether a block comment is still open at its end."""
    out = []
    i = 0
    while i < len(line):
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i = end + 2
            in_block = False
        elif line.startswith("//", i):
            break
        elif line.startswith("/*", i):
            in_block = True
            i += 2
        elif line[i] == '"':
            end = i + 1
            while end < len(line) and line[end] != '"':
                end += 2 if line[end] == "\\" else 1
            out.append('""')
            i = end + 1
        else:
            out.append(line[i])
            i += 1
    return "".join(out), in_block


def source_files(root):
    for top in ("include", "src", "modules", "stacks", "tools"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if f.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(folder, f), root)


def violations(root):
    found = []
    for relative in source_files(root):
        layer = layer_of(relative)
        if layer is None:
            continue
        with open(os.path.join(root, relative), encoding="utf-8") as f:
            lines = f.read().split("\n")
        in_block = False
        for number, line in enumerate(lines, 1):
            include = INCLUDE.match(line)
            if include:
                name = include.group(1)
                reached = resolve(root, relative, name)
                if reached is None:
                    continue
                target = layer_of(reached)
                if target not in ALLOWED[layer]:
                    found.append(f'{relative}:{number}: {layer} includes "{name}" ({target})')
                elif is_private_header(reached) and (relative.startswith("include/") or layer in ("modules", "stacks")):
                    found.append(f'{relative}:{number}: {"a public header" if layer == "core" else layer} includes the private header "{reached}"')
                continue
            if line.lstrip().startswith("#include <spdlog") and layer == "core":
                found.append(f"{relative}:{number}: the core logs (spdlog); return a diagnostic or throw instead")
                continue
            code, in_block = strip_comments(line, in_block)
            call = PROCESS_CALL.search(code)
            if call and layer != "cli":
                found.append(f"{relative}:{number}: {layer} starts a process ({call.group(1)}); only src/cli/ may")
    return found


def self_test():
    """Plants one violation of each rule in a small tree; each must be found
    and nothing else."""
    planted = {
        "include/infra/stack.hpp": "#pragma once\n",
        "include/infra/cli.hpp": "#pragma once\n",
        "src/cli/run.cpp": '#include "infra/stack.hpp"\nint main() { return std::system("true"); }\n',
        "src/stack.cpp": '#include "infra/stack.hpp"\n#include "infra/cli.hpp"\n',
        "src/logging.cpp": "#include <spdlog/spdlog.h>\n",
        "modules/network/network.hpp": '#include "infra/aws/vpc.hpp"\n#include "catalog.hpp"\n',
        "modules/network/network.cpp": '// fork() in a comment is fine\nconst char* s = "popen(";\nint f() { return ::fork(); }\n',
        "stacks/catalog.hpp": '#include "network/network.hpp"\n',
        "stacks/catalog.cpp": '#include "child_process.hpp"\n',
        "src/cli/child_process.hpp": "#pragma once\n",
        "src/manifest.hpp": "#pragma once\n",
        "include/infra/app.hpp": '#include "manifest.hpp"\n',
        "stacks/settings.cpp": '#include "manifest.hpp"\n',
        "src/rules/aws/iam_rules.cpp": '#include "infra/stack.hpp"\n',
        "src/rules/rule_engine.cpp": '#include "aws/iam_rules.cpp"\n',
    }
    expected = [
        'include/infra/app.hpp:1: a public header includes the private header "src/manifest.hpp"',
        'src/rules/rule_engine.cpp:1: core includes "aws/iam_rules.cpp" (aws_rules)',
        'stacks/settings.cpp:1: stacks includes the private header "src/manifest.hpp"',
        'modules/network/network.cpp:3: modules starts a process (fork); only src/cli/ may',
        'modules/network/network.hpp:2: modules includes "catalog.hpp" (stacks)',
        'src/logging.cpp:1: the core logs (spdlog); return a diagnostic or throw instead',
        'src/stack.cpp:2: core includes "infra/cli.hpp" (cli)',
    ]
    with tempfile.TemporaryDirectory() as root:
        for path, text in planted.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                f.write(text)
        got = sorted(violations(root))
    # stacks/catalog.cpp's "child_process.hpp" resolves to nothing in stacks,
    # modules or src: an unknown header, not a violation.
    if got != sorted(expected):
        print("self-test failed: planted violations found as")
        for line in got:
            print("  " + line)
        print("expected")
        for line in expected:
            print("  " + line)
        return 1
    print(f"self-test: the {len(expected)} planted violations were found, and nothing else")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    root = argv[1]
    found = violations(root)
    for line in found:
        print(line)
    checked = sum(1 for _ in source_files(root))
    if found:
        print(f"{len(found)} layering violation(s) in {checked} files (docs/ARCHITECTURE.md says what goes where)")
        return 1
    print(f"{checked} files follow the layering rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
