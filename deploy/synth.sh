#!/usr/bin/env bash
# Re-synthesizes the CloudFormation templates of the lake. The synth runs the cdk-nag
# AwsSolutions checks and fails on any unacknowledged finding; every per-source resource derives
# from the dataset contracts it is given (the ones shipped in the jar by default).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/synth.sh [--contracts DIR] [--prefix NAME] [--region REGION] [--out OUT]
                       [--skip-build]

  (no option)        the committed templates: deploy/cloudformation, for the shipped contracts
                     (quality-rules/src/main/resources/zonelake/contracts), prefix parameter
                     default "zonelake", no region
  --contracts DIR    synthesize for the dataset contracts in DIR (needs --out: the committed
                     templates stay those of the shipped contracts)
  --out OUT          write the templates into OUT instead of deploy/cloudformation
  --prefix NAME      another default prefix (stack names and the Prefix parameter's default;
                     needs --out)
  --region REGION    bind the stacks to REGION (needs --out: the committed templates are
                     region-agnostic)
  --skip-build       use the classes a previous build left in deploy/target
USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=quiet-build.sh
source "$root/deploy/quiet-build.sh"
out="$root/deploy/cloudformation"
out_given=false
contracts_given=false
variant=""
skip_build=false
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out)
      [[ -n "${2:-}" ]] || { echo "--out needs a directory" >&2; exit 2; }
      mkdir -p "$2"
      out="$(cd "$2" && pwd)"; out_given=true; shift 2 ;;
    --contracts)
      [[ -d "${2:-}" ]] || { echo "--contracts needs an existing directory, got '${2:-}'" >&2; exit 2; }
      args+=(--contracts "$(cd "$2" && pwd)"); contracts_given=true; shift 2 ;;
    --prefix|--region)
      [[ -n "${2:-}" ]] || { echo "$1 needs a value" >&2; exit 2; }
      args+=("$1" "$2"); variant="$1"; shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
committed="$root/deploy/cloudformation"
if [[ "$contracts_given" == true && ( "$out_given" == false || "$out" == "$committed" ) ]]; then
  echo "--contracts needs --out OUT, another directory: deploy/cloudformation holds the templates of the shipped contracts" >&2
  exit 2
fi
if [[ -n "$variant" && ( "$out_given" == false || "$out" == "$committed" ) ]]; then
  echo "$variant needs --out OUT, another directory: deploy/cloudformation holds the templates of the defaults (prefix zonelake, no region)" >&2
  exit 2
fi
if ! command -v node > /dev/null; then
  echo "'node' is not on the PATH: the CDK synthesizes through Node.js" >&2
  exit 2
fi

cd "$root"
if [[ "$skip_build" == false ]]; then
  # -am: the deploy module's test-scope dependencies are part of the reactor.
  quiet_build package -pl deploy -am
fi
classpath_file="$root/deploy/target/runtime-classpath.txt"
if [[ ! -f "$classpath_file" ]]; then
  echo "$classpath_file is missing: run without --skip-build" >&2
  exit 1
fi
exec java -Dzonelake.contracts.dir="$root/quality-rules/src/main/resources/zonelake/contracts" \
  -cp "$root/deploy/target/classes:$(cat "$classpath_file")" \
  org.zonelake.deploy.ZoneLakeApp "$out" ${args[@]+"${args[@]}"}
