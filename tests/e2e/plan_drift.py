#!/usr/bin/env python3
"""Checks that a plan made right after an apply changes nothing but what
emulator_quirks.json explains.

Usage: plan_drift.py QUIRKS_JSON PLAN_JSON STACK [USED_QUIRKS_FILE]
PLAN_JSON is `terraform show -json` of the plan. Prints every change with the
attributes it changes, and exits 1 when one is not explained by a quirk: a
resource to create or delete, an attribute changed that no quirk names for
its type or address, or a known new value where the quirk only allows a value
left unknown. Appends the quirks it used to USED_QUIRKS_FILE.
"""
import json
import sys


def top_attributes_changed(change):
    """Top-level attribute names whose value differs between before and after,
    split into those with a known new value and those left unknown."""
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    known, deferred = set(), set()
    for name in sorted(set(before) | set(after) | set(unknown)):
        # Unknown after the apply: the whole value (True), or a block whose
        # parts are unknown and no known value stands in for it.
        if unknown.get(name) is True or (unknown.get(name) and after.get(name) is None):
            if before.get(name) not in (None, [], {}, ""):
                deferred.add(name)
            continue
        if before.get(name) != after.get(name):
            known.add(name)
    return known, deferred


def main():
    quirks = json.load(open(sys.argv[1]))["quirks"]
    plan = json.load(open(sys.argv[2]))
    stack = sys.argv[3]
    used_file = sys.argv[4] if len(sys.argv) > 4 else None
    failures, used = [], set()

    def quirk_for(rc, attribute, is_known):
        for i, q in enumerate(quirks):
            if q["attribute"] != attribute:
                continue
            if q.get("address", rc["address"]) != rc["address"] or q.get("type", rc["type"]) != rc["type"]:
                continue
            if is_known and q.get("unknown_only"):
                continue
            return i
        return None

    for rc in plan.get("resource_changes", []):
        actions = rc["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        address = f"{stack}: {rc['address']}"
        if "create" in actions and "delete" in actions:
            # A replacement: what forces it is what matters; every other
            # attribute of the new object is simply not known yet.
            paths = {p[0] for p in rc["change"].get("replace_paths") or []}
            if not paths:
                failures.append(f"{address} is replaced, and the plan does not say why")
            for attribute in sorted(paths):
                q = quirk_for(rc, attribute, True)
                print(f"  {address}: replaced because of {attribute}" + ("" if q is None else " (emulator quirk)"))
                if q is None:
                    failures.append(f"{address} is replaced because of {attribute}, which no emulator quirk explains")
                else:
                    used.add(q)
            continue
        if actions != ["update"]:
            failures.append(f"{address} would be {'/'.join(actions)}d after a clean apply")
            continue
        known, deferred = top_attributes_changed(rc["change"])
        if not known and not deferred:
            failures.append(f"{address} is updated, with no attribute that differs")
        for attribute in sorted(known | deferred):
            q = quirk_for(rc, attribute, attribute in known)
            kind = "changes" if attribute in known else "becomes unknown"
            print(f"  {address}: {attribute} {kind}" + ("" if q is None else " (emulator quirk)"))
            if q is None:
                failures.append(f"{address}: {attribute} {kind} after a clean apply, and no emulator quirk explains it")
            else:
                used.add(q)

    if used_file:
        with open(used_file, "a") as out:
            for i in sorted(used):
                out.write(f"{i}\n")
    for f in failures:
        print(f"DRIFT: {f}")
    if failures:
        sys.exit(1)
    print(f"{stack}: no change after apply but the emulator quirks")


if __name__ == "__main__":
    main()
