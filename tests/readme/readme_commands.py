#!/usr/bin/env python3
"""Every shell command README.md shows is either run here or says why not.

The commands are the lines of the ```sh, ```bash, ```shell and ```console
blocks (in a console block, the lines after a "$ " prompt), with backslash
continuations joined. Each is either

  - in NOT_RUN, with the reason it cannot run here (AWS credentials, network,
    apt, or it would rewrite the repository), or
  - offline-runnable: every part of it (split at &&, ||, |, ;) has one of the
    shapes of OFFLINE_PARTS, so nothing that deploys, downloads or installs
    packages is ever started by accident. These run, in README order, in one
    bash session inside a sandbox: a temporary folder standing for the
    repository root (its `build` is the build folder under test) with HOME
    inside the sandbox, so what the README installs "for the user" lands
    there. Each block starts in that folder; a block's commands share its
    shell, as a reader's terminal would.

The test fails when a command exits non-zero, when a README command is in
neither group, and when NOT_RUN lists a command the README no longer shows.
Files the README tells the reader to write (the settings files) are written
from the README's own JSON blocks, see write_fixtures(). The ```mermaid
diagram the README shows must be what the command it names prints.

Usage: readme_commands.py README.md BUILD_DIR
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}

# Commands the README shows that cannot run in an offline test, and why.
# Keys are the command without its trailing comment, whitespace collapsed.
NOT_RUN = {
    "make run": "installs Debian packages with apt-get (root, network) and builds ./build; "
                "this test runs from such a build",
    "make test": "runs the whole test suite, this test included",
    "infra deploy bootstrap --config infra.settings.json": "creates resources in an AWS account (credentials, network)",
    "infra output bootstrap": "reads the state of a deployed bootstrap stack",
    "(cd infra.out/stacks/bootstrap && terraform init -migrate-state)":
        "moves the bootstrap state into its S3 bucket (AWS credentials, network)",
    "infra deploy dev --config infra.settings.json": "creates resources in an AWS account (credentials, network)",
    "infra output dev": "reads the state of a deployed dev stack",
    "URL=$(infra output dev --json | jq -r .api_gateway_invoke_url.value)": "reads the state of a deployed dev stack",
    'curl "$URL/animals"': "calls the deployed API over the network",
    "curl -X POST \"$URL/animals\" -H 'Content-Type: application/json' -d "
    "'{\"name\":\"Lion\",\"weight\":400,\"height\":350}'": "calls the deployed API over the network",
    'curl -X DELETE "$URL/animals?name=Lion"': "calls the deployed API over the network",
    "make update-golden && git diff tests/golden":
        "rewrites the repository's golden files, by design (the golden tests check them)",
    "(cd infra.out/stacks/dev && terraform init && terraform plan)":
        "downloads the aws provider from the registry and plans against an AWS account (credentials, network)",
    "infra deploy dev": "creates resources in an AWS account (credentials, network)",
    "MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p 4566 &":
        "local cloud walkthrough: tests/e2e/app_lifecycle.sh (ctest -L e2e) starts moto server on a free port and "
        "runs this flow",
    "curl -X POST http://127.0.0.1:4566/moto-api/config -d '{\"lambda\": {\"use_docker\": false}}'":
        "local cloud walkthrough: configures the moto server above; the e2e test does the same on its own port",
    "infra deploy --auto-approve --set aws_endpoint=http://127.0.0.1:4566 --set lambda_dependencies=pip":
        "local cloud walkthrough: deploys into moto server (and pip needs PyPI); the e2e test deploys the same way",
    "infra destroy dev --auto-approve --set aws_endpoint=http://127.0.0.1:4566":
        "local cloud walkthrough: destroys what the deploy above made; the e2e test destroys the same way",
}


# The parts of a command that are safe to run offline: building, installing
# into the sandbox, and the infra commands that never start terraform.
OFFLINE_PARTS = [
    r'cmake --install build --prefix "\$HOME/\.local"',
    r'export PATH="\$HOME/\.local/bin:\$PATH"',
    r'cmake -S [\w/]+ -B [\w/]+( -D\w+=("[^"]*"|\S+))*',
    r"cmake --build [\w/]+",
    r"ctest --test-dir [\w/]+",
    r"cd [\w/.-]+",
    r"(infra|\./build/\w+) (synth|validate|list|graph|init|diff|version)( [\w./=,:-]+)*",
    r"dot -T\w+ > [\w.-]+",
]


def split_parts(command):
    """The command's parts between &&, ||, | and ; outside quotes."""
    parts, current, quote, k = [], "", None, 0
    while k < len(command):
        c = command[k]
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif command.startswith(("&&", "||"), k) or c in "|;":
            parts.append(current.strip())
            current = ""
            k += 2 if command.startswith(("&&", "||"), k) else 1
            continue
        current += c
        k += 1
    parts.append(current.strip())
    return parts


def offline_runnable(command):
    return all(any(re.fullmatch(shape, " ".join(part.split())) for shape in OFFLINE_PARTS)
               for part in split_parts(command))


def fenced_blocks(text):
    """(language, first line number, lines) of every fenced code block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, language = len(m.group(1)), m.group(2)
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        if i == len(lines):
            raise SystemExit(f"README: the code block opened at line {start} is never closed")
        yield language, start + 1, body
        i += 1


def without_comment(line):
    """The line up to a '#' that starts a comment (outside quotes, after a blank)."""
    quote = None
    for k, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (k == 0 or line[k - 1] in " \t"):
            return line[:k].rstrip()
    return line.rstrip()


def block_commands(language, first_line, body):
    """(line number, command) of a block, continuations joined."""
    out = []
    pending, pending_line = "", None
    for offset, raw in enumerate(body):
        line = raw
        if language == "console":
            if pending == "":
                if not line.startswith("$ "):
                    continue  # output
                line = line[2:]
        code = without_comment(line)
        if pending == "" and code.strip() == "":
            continue
        if pending == "":
            pending_line = first_line + offset
        if code.endswith("\\"):
            pending += code[:-1].rstrip() + " "
            continue
        out.append((pending_line, (pending + code).strip()))
        pending = ""
    if pending:
        out.append((pending_line, pending.strip()))
    return out


def key(command):
    return " ".join(command.split())


def json_block_with(text, field):
    """The README's JSON block that has `field`, parsed."""
    found = [json.loads("\n".join(body)) for language, _, body in fenced_blocks(text)
             if language == "json" and f'"{field}"' in "\n".join(body)]
    if len(found) != 1:
        raise SystemExit(f"README: expected one ```json block with \"{field}\", found {len(found)}")
    return found[0]


def write_fixtures(text, work, source):
    """The files the README tells the reader to write before its commands."""
    # The sandbox stands for the repository root: its infra.json makes the
    # README's `infra` commands build and run the seed app of `build`.
    shutil.copy(os.path.join(source, "infra.json"), os.path.join(work, "infra.json"))
    # Deploying, step 1: infra.settings.json. Step 2 adds "bootstrap_backend":
    # "s3" before the synth that uses it. "lambda_dependencies": "pip" would
    # fetch pg8000 from PyPI; the README's other form, a folder that already
    # holds the packages, keeps the run offline.
    settings = json_block_with(text, "github_repository")
    settings["bootstrap_backend"] = "s3"
    if settings.get("lambda_dependencies") == "pip":
        vendored = os.path.join(work, "vendored-packages")
        os.makedirs(vendored)
        settings["lambda_dependencies"] = vendored
    with open(os.path.join(work, "infra.settings.json"), "w") as f:
        json.dump(settings, f, indent=2)
    # Settings and environments: the settings.json shown beside the command.
    with open(os.path.join(work, "settings.json"), "w") as f:
        json.dump(json_block_with(text, "vpc_cidr"), f, indent=2)


def toolchain_environment(build):
    """CXX and CXXFLAGS of the build under test, for the projects the README
    builds against the SDK it installs: static libraries built with clang and
    the sanitizers (the asan preset) link only into code built the same way.
    CMake takes both from the environment when it first configures a project,
    so the README's cmake lines run as they are written."""
    cache = {}
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            m = re.match(r"^(CMAKE_CXX_COMPILER|CMAKE_CXX_FLAGS):[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                cache[m.group(1)] = m.group(2)
    env = {}
    if cache.get("CMAKE_CXX_COMPILER"):
        env["CXX"] = cache["CMAKE_CXX_COMPILER"]
    if cache.get("CMAKE_CXX_FLAGS"):
        env["CXXFLAGS"] = cache["CMAKE_CXX_FLAGS"]
    return env


DIAGRAM_COMMAND = ["graph", "dev", "--level", "constructs", "--format", "mermaid"]


def diagram_problem(text, infra, work):
    """Why the README's ```mermaid diagram is not what it says it is, or ""."""
    diagrams = [(first, body) for language, first, body in fenced_blocks(text) if language == "mermaid"]
    if len(diagrams) != 1:
        return f"expected one ```mermaid block, found {len(diagrams)}"
    first, body = diagrams[0]
    before = " ".join("\n".join(text.split("\n")[max(0, first - 6):first - 1]).split())
    named = "infra " + " ".join(DIAGRAM_COMMAND)
    if named not in before:
        return f"the text before the diagram at line {first} no longer names `{named}`"
    printed = subprocess.run([infra] + DIAGRAM_COMMAND, cwd=work, stdout=subprocess.PIPE, text=True, check=True).stdout
    if printed.rstrip("\n").split("\n") != body:
        return (f"the diagram at line {first} is not what `{named}` prints now; replace it with:\n{printed}")
    return ""


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    readme, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    text = open(readme).read()

    blocks = []  # [(line, [(line, command)])], README order
    for language, first_line, body in fenced_blocks(text):
        if language in SHELL_LANGUAGES:
            blocks.append((first_line, block_commands(language, first_line, body)))
    shown = {key(c) for _, commands in blocks for _, c in commands}
    if len(shown) < 10:
        raise SystemExit(f"FAILED: found only {len(shown)} commands in {readme}; is the parser broken?")

    stale = sorted(set(NOT_RUN) - shown)
    for c in stale:
        print(f"FAILED: NOT_RUN lists a command README.md no longer shows: {c}")
    unclassified = [(line, c) for _, commands in blocks for line, c in commands
                    if key(c) not in NOT_RUN and not offline_runnable(c)]
    for line, c in unclassified:
        print(f"FAILED: README.md:{line}: {c}\n"
              "    is neither offline-runnable (OFFLINE_PARTS) nor listed in NOT_RUN with a reason")
    if stale or unclassified:
        return 1

    sandbox = tempfile.mkdtemp(prefix="readme-commands-")
    try:
        work = os.path.join(sandbox, "work")
        home = os.path.join(sandbox, "home")
        os.makedirs(work)
        os.makedirs(home)
        os.symlink(build, os.path.join(work, "build"))
        write_fixtures(text, work, os.path.dirname(os.path.abspath(readme)))

        script = ["set -euo pipefail"]
        run, not_run = [], []
        for _, commands in blocks:
            script.append(f'cd "{work}"')
            for line, command in commands:
                if key(command) in NOT_RUN:
                    not_run.append((line, command))
                    continue
                run.append((line, command))
                script.append("echo " + shlex.quote(f"=== README.md:{line}: {command}"))
                script.append(command)
        script.append("echo '=== all README commands ran'")

        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(sandbox, "cache"))
        env.update(toolchain_environment(build))
        started = time.monotonic()
        result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        elapsed = time.monotonic() - started
        print(result.stdout[-20000:])
        print(f"not run here ({len(not_run)}):")
        for line, command in not_run:
            print(f"  README.md:{line}: {command}\n      because it {NOT_RUN[key(command)]}")
        if result.returncode != 0:
            last = [l for l in result.stdout.splitlines() if l.startswith("=== README.md:")]
            print(f"FAILED (exit {result.returncode}): {last[-1][4:] if last else 'before the first command'}")
            return 1
        problem = diagram_problem(text, os.path.join(build, "crud_api"), work)
        if problem:
            print(f"FAILED: README.md: {problem}")
            return 1
        print(f"PASSED: {len(run)} README commands ran in {elapsed:.0f} s, {len(not_run)} not run, each with its reason")
        return 0
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
