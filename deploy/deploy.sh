#!/usr/bin/env bash
# Deploys a ZoneLake lake to AWS from the committed templates in deploy/cloudformation:
# builds the Glue job jar, deploys the storage stack, uploads the jar and the dataset contracts to
# the artifacts bucket, then deploys the other stacks in dependency order.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/deploy.sh --prefix NAME --region REGION [options]

Deploys the lake's stacks (<prefix>-storage, -catalog, -monitoring, -processing, -analytics,
-ingest) with the AWS CLI and the credentials of the current shell (or --profile).

Required:
  --prefix NAME         3 to 16 lower-case letters or digits, starting with a letter; names every
                        resource (buckets <prefix>-<zone>-<account>-<region>, Glue database <prefix>)
  --region REGION       AWS region, for example eu-west-1

Options:
  --alert-email ADDR    subscribe ADDR to the alert topic (AWS sends a confirmation e-mail)
  --contracts DIR       dataset contracts (*.json) to upload
                        (default: quality-rules/src/main/resources/zonelake/contracts)
  --profile NAME        AWS CLI profile to use
  --skip-build          upload the jar already built in glue-jobs/target
  -h, --help            show this help
EOF
}

prefix=""
region=""
alert_email=""
profile=""
skip_build=false
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
contracts="$root/quality-rules/src/main/resources/zonelake/contracts"
templates="$root/deploy/cloudformation"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="${2:-}"; shift 2 ;;
    --region) region="${2:-}"; shift 2 ;;
    --alert-email) alert_email="${2:-}"; shift 2 ;;
    --contracts) contracts="${2:-}"; shift 2 ;;
    --profile) profile="${2:-}"; shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ -z "$prefix" || -z "$region" ]]; then
  echo "--prefix and --region are required" >&2
  usage >&2
  exit 2
fi
if [[ ! "$prefix" =~ ^[a-z][a-z0-9]{2,15}$ ]]; then
  echo "prefix '$prefix' is invalid: use 3 to 16 lower-case letters or digits, starting with a letter" >&2
  exit 2
fi
if [[ ! -d "$contracts" ]] || ! compgen -G "$contracts/*.json" > /dev/null; then
  echo "no dataset contracts (*.json) in '$contracts'; pass --contracts DIR" >&2
  exit 2
fi
for tool in aws mvn; do
  if ! command -v "$tool" > /dev/null; then
    echo "'$tool' is not on the PATH (see deploy/README.md, Prerequisites)" >&2
    exit 2
  fi
done

aws_cli=(aws --region "$region")
if [[ -n "$profile" ]]; then
  aws_cli+=(--profile "$profile")
fi

cd "$root"
if [[ "$skip_build" == false ]]; then
  echo "==> building the Glue job jar"
  mvn -B -DskipTests package -pl glue-jobs -am
fi
shopt -s nullglob
jars=(glue-jobs/target/glue-jobs-*-glue.jar)
shopt -u nullglob
if [[ ${#jars[@]} -ne 1 ]]; then
  echo "expected one glue-jobs/target/glue-jobs-*-glue.jar, found ${#jars[@]}; build without --skip-build" >&2
  exit 1
fi
jar="${jars[0]}"

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

echo "==> uploading $jar and the contracts to s3://$artifacts/"
"${aws_cli[@]}" s3 cp "$jar" "s3://$artifacts/jars/zonelake-glue-jobs.jar"
"${aws_cli[@]}" s3 sync "$contracts" "s3://$artifacts/contracts/" \
  --exclude "*" --include "*.json" --delete

upload=(--s3-bucket "$artifacts" --s3-prefix cloudformation)
deploy_stack catalog ZoneLakeCatalog "${upload[@]}"
deploy_stack monitoring ZoneLakeMonitoring "AlertEmail=$alert_email" "${upload[@]}"
deploy_stack processing ZoneLakeProcessing "${upload[@]}"
deploy_stack analytics ZoneLakeAnalytics "${upload[@]}"
deploy_stack ingest ZoneLakeIngest "${upload[@]}"

url="$(stack_output "$prefix-ingest" IngestUrl)"
key_id="$(stack_output "$prefix-ingest" ApiKeyId)"
cat <<EOF

Deployed lake '$prefix' in $region.
  Ingest:     POST JSON to $url/<source>  (sources: orders, customers, sensor_readings, web_logs)
  API key:    aws apigateway get-api-key --region $region --include-value --api-key $key_id \\
                --query value --output text
  Pipeline:   $(stack_output "$prefix-processing" PipelineArn)
  Athena:     workgroup $(stack_output "$prefix-analytics" WorkgroupName), database $prefix
EOF
