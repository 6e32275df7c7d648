#!/usr/bin/env bash
# Deploys a ZoneLake lake to AWS: builds the Glue job jar, checks the dataset contracts with the
# jobs' own loaders and stages exactly the files the jobs read, deploys the storage stack, uploads
# the jar and the staged contracts to the artifacts bucket, then deploys the other stacks in
# dependency order. Nothing touches AWS before the contracts have loaded.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/deploy.sh --prefix NAME --region REGION [options]
       deploy/deploy.sh --dry-run [--contracts DIR] [--stage-dir DIR] [--skip-build]

Deploys the lake's stacks (<prefix>-storage, -catalog, -monitoring, -processing, -analytics,
-ingest) with the AWS CLI and the credentials of the current shell (or --profile).

Required:
  --prefix NAME         3 to 16 lower-case letters or digits, starting with a letter; names every
                        resource (buckets <prefix>-<zone>-<account>-<region>, Glue database <prefix>)
  --region REGION       AWS region, for example eu-west-1

Options:
  --contracts DIR       the dataset contracts to deploy: <source>.json files, their rulesets,
                        joins/*.json and the reference tables those name (default: the contracts
                        shipped in the jar). The templates are then synthesized for DIR, so every
                        source of DIR gets its tables, ingest route, alarms and dashboard widgets
                        (needs Node.js)
  --alert-email ADDR    subscribe ADDR to the alert topic (AWS sends a confirmation e-mail)
  --notify-success      also publish every successful pipeline run to the alert topic
  --cors-origins LIST   origins whose browser pages may call the ingest API, comma-separated
                        (https://app.example.com,...; * for any; default: none)
  --profile NAME        AWS CLI profile to use
  --skip-build          use the jar (and classes) already built in glue-jobs/target
  --dry-run             build, check and stage the contracts, synthesize for --contracts, print
                        what would be deployed, and stop: no AWS call
  --stage-dir DIR       stage the contracts into DIR (new or empty) instead of a temporary one
  -h, --help            show this help
USAGE
}

prefix=""
region=""
alert_email=""
profile=""
contracts=""
notify_success=false
cors_origins=""
skip_build=false
dry_run=false
stage_dir=""
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=quiet-build.sh
source "$root/deploy/quiet-build.sh"
templates="$root/deploy/cloudformation"

value() {
  if [[ -z "${2:-}" ]]; then
    echo "$1 needs a value" >&2
    usage >&2
    exit 2
  fi
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) value "$1" "${2:-}"; prefix="$2"; shift 2 ;;
    --region) value "$1" "${2:-}"; region="$2"; shift 2 ;;
    --alert-email) value "$1" "${2:-}"; alert_email="$2"; shift 2 ;;
    --contracts) value "$1" "${2:-}"; contracts="$2"; shift 2 ;;
    --cors-origins) value "$1" "${2:-}"; cors_origins="$2"; shift 2 ;;
    --notify-success) notify_success=true; shift ;;
    --profile) value "$1" "${2:-}"; profile="$2"; shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    --stage-dir) value "$1" "${2:-}"; stage_dir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ "$dry_run" == false && ( -z "$prefix" || -z "$region" ) ]]; then
  echo "--prefix and --region are required" >&2
  usage >&2
  exit 2
fi
if [[ -n "$prefix" && ! "$prefix" =~ ^[a-z][a-z0-9]{2,15}$ ]]; then
  echo "prefix '$prefix' is invalid: use 3 to 16 lower-case letters or digits, starting with a letter" >&2
  exit 2
fi
if [[ -n "$cors_origins" && ! "$cors_origins" =~ ^(\*|https?://[^,[:space:]]+(,https?://[^,[:space:]]+)*)$ ]]; then
  echo "--cors-origins '$cors_origins' is invalid: use * or comma-separated origins such as https://app.example.com" >&2
  exit 2
fi
if [[ -n "$contracts" ]]; then
  if [[ ! -d "$contracts" ]]; then
    echo "--contracts '$contracts' is not a directory" >&2
    exit 2
  fi
  contracts="$(cd "$contracts" && pwd)"
fi
if [[ -n "$stage_dir" ]]; then
  # Relative to where the script was started, not to the repository it works in.
  [[ "$stage_dir" == /* ]] || stage_dir="$PWD/$stage_dir"
  if [[ -e "$stage_dir" && ( ! -d "$stage_dir" || -n "$(ls -A "$stage_dir")" ) ]]; then
    echo "--stage-dir '$stage_dir' is not a new or empty directory: pass one that is" >&2
    exit 2
  fi
fi
needed=(java)
[[ "$skip_build" == false ]] && needed+=(mvn)
[[ -n "$contracts" ]] && needed+=(node)
[[ "$dry_run" == false ]] && needed+=(aws)
for tool in "${needed[@]}"; do
  if ! command -v "$tool" > /dev/null; then
    echo "'$tool' is not on the PATH (see deploy/README.md, Prerequisites)" >&2
    exit 2
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
staging="${stage_dir:-$work/contracts}"

cd "$root"
if [[ "$skip_build" == false ]]; then
  echo "==> building the Glue job jar"
  modules=glue-jobs
  # The templates of another contract directory are synthesized by the deploy module.
  [[ -n "$contracts" ]] && modules=glue-jobs,deploy
  quiet_build package -pl "$modules" -am
fi
shopt -s nullglob
jars=(glue-jobs/target/glue-jobs-*-glue.jar)
shopt -u nullglob
if [[ ${#jars[@]} -ne 1 || ! -f glue-jobs/target/provided-classpath.txt ]]; then
  echo "expected one glue-jobs/target/glue-jobs-*-glue.jar and glue-jobs/target/provided-classpath.txt; build without --skip-build" >&2
  exit 1
fi
jar="${jars[0]}"

# The jobs' own loaders check the contracts; exactly the files they read are staged.
echo "==> checking the contracts ${contracts:-shipped in the jar} as the jobs load them"
bundle=(env SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" java
  -Dlog4j2.configurationFile="$root/glue-jobs/src/local/log4j2-local.properties"
  -cp "$jar:$(cat glue-jobs/target/provided-classpath.txt)"
  org.zonelake.jobs.ContractBundle --stage "$staging")
[[ -n "$contracts" ]] && bundle+=(--contracts "$contracts")
status=0
"${bundle[@]}" || status=$?
if [[ $status -eq 1 ]]; then
  echo "deploy stopped before any AWS call: fix the contracts and run again" >&2
  exit 1
elif [[ $status -ne 0 ]]; then
  echo "deploy stopped before any AWS call" >&2
  exit "$status"
fi

if [[ -n "$contracts" ]]; then
  echo "==> synthesizing the templates for the contracts in $contracts"
  templates="$work/templates"
  "$root/deploy/synth.sh" --skip-build --contracts "$contracts" --out "$templates"
else
  echo "==> using the committed templates in deploy/cloudformation (the shipped contracts)"
fi

sources=()
for contract in "$staging"/*.json; do
  name="$(basename "$contract")"
  sources+=("${name%.json}")
done
source_list="$(IFS=,; echo "${sources[*]}")"

if [[ "$dry_run" == true ]]; then
  cat <<EOF

Dry run: nothing was deployed.
  Sources:    ${source_list//,/, }
  Contracts:  $staging would be uploaded to s3://<artifacts>/contracts/ (and nothing else there)
  Templates:  $templates
EOF
  if [[ -z "$stage_dir" ]]; then
    echo "  (the staged contracts are removed on exit; pass --stage-dir DIR to keep them)"
  fi
  if [[ -n "$contracts" ]]; then
    echo "  (the synthesized templates are removed on exit; deploy/synth.sh --contracts DIR --out OUT keeps them)"
  fi
  exit 0
fi

aws_cli=(aws --region "$region")
if [[ -n "$profile" ]]; then
  aws_cli+=(--profile "$profile")
fi

# deploy_stack <concern> <template id> [Key=Value parameters...] [aws cloudformation deploy options...]
deploy_stack() {
  local concern="$1" template="$2"
  shift 2
  local parameters=("Prefix=$prefix")
  while [[ $# -gt 0 && "$1" == *=* ]]; do
    parameters+=("$1")
    shift
  done
  echo "==> deploying $prefix-$concern"
  "${aws_cli[@]}" cloudformation deploy \
    --stack-name "$prefix-$concern" \
    --template-file "$templates/$template.template.json" \
    --parameter-overrides "${parameters[@]}" \
    --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM \
    --tags "zonelake:prefix=$prefix" "zonelake:stack=$concern" \
    --no-fail-on-empty-changeset \
    "$@"
}

stack_output() {
  "${aws_cli[@]}" cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}

# The storage stack's template is small enough to pass inline; it creates the artifacts bucket
# that the larger templates are uploaded to.
deploy_stack storage ZoneLakeStorage
artifacts="$(stack_output "$prefix-storage" ArtifactsBucketName)"

echo "==> uploading $jar and the staged contracts to s3://$artifacts/"
"${aws_cli[@]}" s3 cp "$jar" "s3://$artifacts/jars/zonelake-glue-jobs.jar"
# An exact mirror: what the jobs read, in the same layout, and nothing left from earlier deploys.
"${aws_cli[@]}" s3 sync "$staging" "s3://$artifacts/contracts/" --delete --no-progress

upload=(--s3-bucket "$artifacts" --s3-prefix cloudformation)
deploy_stack catalog ZoneLakeCatalog "${upload[@]}"
deploy_stack monitoring ZoneLakeMonitoring "AlertEmail=$alert_email" \
  "NotifyPipelineSuccess=$notify_success" "${upload[@]}"
deploy_stack processing ZoneLakeProcessing "${upload[@]}"
deploy_stack analytics ZoneLakeAnalytics "${upload[@]}"
deploy_stack ingest ZoneLakeIngest "CorsAllowedOrigins=$cors_origins" "${upload[@]}"

url="$(stack_output "$prefix-ingest" IngestUrl)"
key_id="$(stack_output "$prefix-ingest" ApiKeyId)"
cat <<EOF

Deployed lake '$prefix' in $region.
  Ingest:     POST records to $url/<source>  (sources: ${source_list//,/, })
  API key:    aws apigateway get-api-key --region $region --include-value --api-key $key_id \\
                --query value --output text
  Pipeline:   $(stack_output "$prefix-processing" PipelineArn)
  Athena:     workgroup $(stack_output "$prefix-analytics" WorkgroupName), database $prefix
EOF
