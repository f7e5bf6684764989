#!/usr/bin/env bash
# The whole app, deployed for real against an AWS API emulator (moto server)
# through the `infra` command line in local cloud mode (aws_endpoint), with
# the real terraform and aws provider:
#
#   1. `infra deploy dev` without lambda_dependencies stops before terraform;
#   2. deploy bootstrap, then dev and prod (S3 backend in the emulator's
#      bucket, cross-stack reads through terraform_remote_state; the
#      account's GitHub OIDC provider created beforehand, found by bootstrap
#      by URL);
#   3. a plan of each right after: no change but the emulator quirks of
#      emulator_quirks.json (plan_drift.py);
#   4. destroy dev, deploy it again (the secret and final snapshot names of a
#      re-created environment), plan it again;
#   5. destroy everything (prod, while dev is deployed again, after turning
#      its cluster's deletion protection off; bootstrap but its state bucket,
#      which moto cannot empty), and check through the emulator's API that
#      nothing is left but the final snapshots and that bucket
#      (leftovers.py).
#
# Most of the time goes to the aws provider's fixed waiters (an Aurora
# cluster and each of its instances take 30 s to create and as long to
# delete, whatever the emulator answers), not to work: the test's processes
# use about half a core on average. So steps that touch different stacks
# run at the same time (see `started`): dev and prod deploy together once
# bootstrap is there, the three plans run together, and prod is destroyed
# while dev is deployed again. Each such step keeps its own log and reports
# PASSED or FAILED with its time as the others do.
#
# Usage: app_lifecycle.sh INFRA_BINARY
# INFRA_E2E_KEEP_LOGS=DIR copies every step's log (and moto's) into DIR on
# the way out, passed or failed.
# Exit 77 (skipped) with a loud message when terraform, the provider mirror
# or moto server is missing.
set -euo pipefail
infra=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../terraform/find_terraform.sh"

python=/usr/bin/python3  # Debian's, which sees python3-boto3
moto=()
if [ -n "${INFRA_MOTO_SERVER:-}" ]; then
    moto=("$INFRA_MOTO_SERVER")
elif command -v moto_server > /dev/null; then
    moto=("$(command -v moto_server)")
elif python3 -c 'import moto.server' 2> /dev/null; then
    moto=(python3 -m moto.server)
else
    echo "!!! SKIPPED: MOTO SERVER IS NOT INSTALLED (no moto_server on PATH, INFRA_MOTO_SERVER unset, no python3 -m moto.server)." >&2
    echo "!!! The end-to-end apply test needs it: pip install 'moto[server]' (scripts/install-deps.sh tries)." >&2
    exit 77
fi
if ! "$python" -c 'import boto3' 2> /dev/null; then
    echo "!!! SKIPPED: $python cannot import boto3 (Debian package python3-boto3)." >&2
    exit 77
fi

# Most of the CPU time the test does use is the aws provider's (a Go
# program) loading its schema, again in each of the ~25 terraform commands
# (most start it more than once), and much of that is garbage collection:
# with twice the heap (GOGC=200, about 50 MB more per provider process) the
# test used a fifth less CPU, which the rest of the suite, running beside
# it, gets instead.
export GOGC=${GOGC:-200}

work="$TF_TEST_HOME/work"
mkdir -p "$work"
cd "$work"

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
MOTO_IAM_LOAD_MANAGED_POLICIES=true "${moto[@]}" -H 127.0.0.1 -p "$port" > moto.log 2>&1 &
moto_pid=$!
keep_logs() {
    [ -n "${INFRA_E2E_KEEP_LOGS:-}" ] || return 0
    mkdir -p "$INFRA_E2E_KEEP_LOGS" && cp "$work"/*.log "$INFRA_E2E_KEEP_LOGS"/ 2> /dev/null || true
}
# Steps started in the background (`started`, below) and not waited for: a
# step failing beside them ends the test, and them with it, infra, terraform
# and its provider too. With SIGKILL: on SIGTERM infra passes the signal on
# and waits, and terraform waits for the calls in flight, which retry
# against the stopped emulator for minutes; nothing they leave is kept.
started_names=() started_pids=() started_echo=()
tree_of() {  # pid: it and every process below it
    local child
    echo "$1"
    for child in $(ps -o pid= --ppid "$1" 2> /dev/null); do tree_of "$child"; done
}
kill_started() {
    local pids=() pid
    for pid in "${started_pids[@]}"; do pids+=($(tree_of "$pid")); done
    [ ${#pids[@]} = 0 ] || kill -KILL "${pids[@]}" 2> /dev/null || true
}
trap 'kill_started; keep_logs; kill $moto_pid 2> /dev/null || true; wait $moto_pid 2> /dev/null || true; rm -rf "$TF_TEST_HOME"' EXIT
for _ in $(seq 1 120); do
    curl -sf "$endpoint/moto-api/" > /dev/null 2>&1 && break
    kill -0 $moto_pid 2> /dev/null || { cat moto.log; echo "FAILED: moto server did not start" >&2; exit 1; }
    sleep 0.5
done
curl -sf "$endpoint/moto-api/" > /dev/null || { cat moto.log; echo "FAILED: moto server does not answer on $endpoint" >&2; exit 1; }
# Lambda invocations (the schema migration during the apply) without Docker.
curl -sf -X POST "$endpoint/moto-api/config" -d '{"lambda": {"use_docker": false}}' > /dev/null
echo "moto server on $endpoint"

# The functions' packages: the zip must hold pg8000 (Debian's copy will do,
# the emulator does not run the code).
pg8000=$("$python" -c 'import os, pg8000; print(os.path.dirname(pg8000.__file__))')
mkdir -p deps && cp -r "$pg8000" deps/
project=cloud-serverless-rds
cat > settings.json <<JSON
{
  "aws_endpoint": "$endpoint",
  "state_bucket": "infra-e2e-terraform-state",
  "lambda_dependencies": "$work/deps",
  "db_final_snapshot": true,
  "create_github_oidc_provider": false
}
JSON

# An account that runs GitHub Actions already has the provider (one per URL
# per account): bootstrap finds it by its URL instead of creating a second.
"$python" -c "
import boto3, sys
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
iam.create_open_id_connect_provider(Url='https://token.actions.githubusercontent.com',
                                   ClientIDList=['sts.amazonaws.com'], ThumbprintList=['0' * 40])
" "$endpoint"

log_of() { echo "step-$(echo "$1" | tr -c 'a-zA-Z0-9\n' _).log"; }  # a step's name -> its log

step() {  # name, then the command; its output goes to a log, shown on failure
    local name=$1 log
    shift
    log=$(log_of "$name")
    local start=$SECONDS
    if ! "$@" > "$log" 2>&1; then
        tail -n 60 "$log"
        echo "FAILED: $name" >&2
        exit 1
    fi
    echo "PASSED: $name ($((SECONDS - start)) s)"
}

# Steps that run at the same time. `started [--echo] NAME COMMAND...` starts
# one in the background, its output to its own log (the command runs under
# set -e, as a step of its own would); `finished` waits for every step
# started since the last call, reports each in the order they were started
# (PASSED with its time, or its log's tail and FAILED), and fails the test
# when any failed, after all have ended. With --echo, the step reports
# itself: its whole log is shown when it ends.
started() {
    local echo=false
    if [ "$1" = --echo ]; then echo=true; shift; fi
    local name=$1 log
    shift
    log=$(log_of "$name")
    (
        start=$SECONDS
        # Not `|| code=$?`: under || bash would ignore the inner set -e.
        set +e
        (set -e; "$@") > "$log" 2>&1
        echo "$? $((SECONDS - start))" > "$log.status"
    ) &
    started_pids+=($!) started_names+=("$name") started_echo+=("$echo")
}
finished() {
    local i name log code seconds failed=0
    for i in "${!started_pids[@]}"; do
        wait "${started_pids[$i]}" || true
        name=${started_names[$i]}
        log=$(log_of "$name")
        read -r code seconds < "$log.status" || { code=1; seconds=?; }
        if [ "${started_echo[$i]}" = true ]; then
            cat "$log"
        elif [ "$code" = 0 ]; then
            echo "PASSED: $name ($seconds s)"
        else
            tail -n 60 "$log"
        fi
        if [ "$code" != 0 ]; then
            echo "FAILED: $name (exit $code after $seconds s)" >&2
            failed=1
        fi
    done
    started_names=() started_pids=() started_echo=()
    [ $failed = 0 ] || exit 1
}

run_infra() { "$infra" "$@" --config settings.json --plugin-dir "$PLUGIN_DIR"; }

# A plan right after an apply changes nothing but quirks. Each stack's plan
# has files of its own (stacks run at the same time), the quirks it used too.
replan() {  # stack
    local stack=$1 code=0 start=$SECONDS
    (cd "infra.out/stacks/$stack" && "$TERRAFORM" plan -input=false -no-color -detailed-exitcode -out=replan.tfplan) \
        > "replan-$stack.log" 2>&1 || code=$?
    case $code in
        0) echo "PASSED: plan of $stack after apply: no changes ($((SECONDS - start)) s)" ;;
        2) (cd "infra.out/stacks/$stack" && "$TERRAFORM" show -json replan.tfplan) > "replan-$stack.json" ||
               { echo "FAILED: terraform show of the plan of $stack" >&2; exit 1; }
           "$python" "$here/plan_drift.py" "$here/emulator_quirks.json" "replan-$stack.json" "$stack" "used-quirks-$stack" \
               || { echo "FAILED: plan of $stack after apply shows real drift" >&2; exit 1; }
           echo "PASSED: plan of $stack after apply: only emulator quirks ($((SECONDS - start)) s)" ;;
        *) cat "replan-$stack.log"; echo "FAILED: terraform plan of $stack (exit $code)" >&2; exit 1 ;;
    esac
}

# 1. No deploy of a function zip that cannot import its driver.
code=0
"$infra" deploy dev --auto-approve --config settings.json --plugin-dir "$PLUGIN_DIR" --set lambda_dependencies= \
    > refused.out 2> refused.err || code=$?
if [ "$code" != 2 ] || [ "$(grep -c '^error:' refused.err)" != 1 ] || ! grep -q 'lambda_dependencies' refused.err; then
    cat refused.out refused.err
    echo "FAILED: deploy without lambda_dependencies exited $code instead of refusing with one error line" >&2
    exit 1
fi
if [ -e infra.out/stacks/bootstrap/.terraform ] || [ -e infra.out/stacks/dev/.terraform ]; then
    echo "FAILED: deploy without lambda_dependencies ran terraform init before refusing" >&2
    exit 1
fi
echo "PASSED: deploy without lambda_dependencies refused before terraform: $(grep '^error:' refused.err | cut -c1-120)..."

# 2-3. The whole app, then a plan of each stack. dev and prod read bootstrap
# (its outputs, through terraform_remote_state) and nothing of each other:
# once bootstrap is there, they deploy at the same time, each `infra deploy
# <stack>` applying only the stack it names. Both synthesize into the one
# output folder (the writer holds its lock, and writes the same bytes for
# the stacks both write); terraform then runs in each stack's own folder,
# with its own state key and lock in the bucket.
step "deploy bootstrap" run_infra deploy bootstrap --auto-approve
started "deploy dev" run_infra deploy dev --auto-approve
started "deploy prod" run_infra deploy prod --auto-approve
finished
# The plans only read (each stack's plan file is its own): all three at once,
# bootstrap's too after dev's and prod's deploys, which must not change it.
for stack in bootstrap dev prod; do started --echo "plan of $stack" replan "$stack"; done
finished

# 4-5. Tear dev down and bring it back, prod still deployed beside it; then
# destroy everything. prod is destroyed while dev is deployed again and
# planned: dev and prod share nothing but what they read from bootstrap,
# which stays until both are gone. (Alone, each of these destroys and
# deploys mostly waits on the aws provider's fixed waiters.)
step "destroy dev" run_infra destroy dev --auto-approve
# As the README says to: prod's configuration keeps deletion protection (a
# rule requires it outside development), so it is turned off on the cluster
# itself, and destroy then deletes it after its final snapshot.
step "turn deletion protection off on prod's cluster" "$python" -c "
import boto3, sys
rds = boto3.client('rds', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
rds.modify_db_cluster(DBClusterIdentifier=sys.argv[2], DeletionProtection=False, ApplyImmediately=True)
" "$endpoint" "$project-prod-aurora"
started "destroy prod" run_infra destroy prod --auto-approve
step "deploy dev again" run_infra deploy dev --auto-approve
replan dev
finished
step "destroy dev again" run_infra destroy dev --auto-approve
# The state bucket stays: moto cannot delete a version of a key whose history
# holds a delete marker (its DeleteObject(s) fails with a 500,
# "'FakeDeleteMarker' object has no attribute 'dispose'"), and every S3 lock
# file left one. With state_bucket_force_destroy the provider would retry the
# bucket's deletion for an hour; out of bootstrap's state, it is left alone.
step "leave the state bucket out of bootstrap's destroy" \
    bash -c 'cd infra.out/stacks/bootstrap && "$1" state rm aws_s3_bucket.state_bucket' _ "$TERRAFORM"
step "destroy bootstrap" run_infra destroy bootstrap --auto-approve
# The account's provider was never bootstrap's: its destroy leaves it, and
# the test removes what it created.
step "the account's GitHub OIDC provider outlives bootstrap" "$python" -c "
import boto3, sys
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
arns = [p['Arn'] for p in iam.list_open_id_connect_providers()['OpenIDConnectProviderList']]
assert len(arns) == 1 and arns[0].endswith('/token.actions.githubusercontent.com'), arns
iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arns[0])
" "$endpoint"

# Two destroys of dev and one of prod: three final snapshots, three names.
"$python" "$here/leftovers.py" "$endpoint" "$project" 3 infra-e2e-terraform-state ||
    { echo "FAILED: the emulator still holds resources" >&2; exit 1; }

# Every quirk listed must still be seen: a stale entry could hide real drift.
unused=$("$python" - "$here/emulator_quirks.json" <<'PY'
import json, os, sys  # the quirks each stack's plans used: used-quirks-<stack>
quirks = json.load(open(sys.argv[1]))["quirks"]
used = {int(line) for name in os.listdir(".") if name.startswith("used-quirks-") for line in open(name)}
print(" ".join(f"{q.get('address', q.get('type'))}.{q['attribute']}" for i, q in enumerate(quirks) if i not in used))
PY
)
if [ -n "$unused" ]; then
    echo "FAILED: emulator quirks listed but never seen (remove them from emulator_quirks.json): $unused" >&2
    exit 1
fi
echo "PASSED: the app deploys, plans clean, is destroyed and redeployed against the emulator (${SECONDS} s)"
