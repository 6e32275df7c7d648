#!/usr/bin/env bash
# Re-synthesizes the CloudFormation templates of the lake into deploy/cloudformation.
# The synth runs the cdk-nag AwsSolutions checks and fails on any unacknowledged finding.
# Usage: deploy/synth.sh            (the committed templates: prefix parameter default "zonelake")
#        deploy/synth.sh --prefix mylake --region eu-west-1   (a variant, e.g. for review)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

args="$root/deploy/cloudformation"
if [[ $# -gt 0 ]]; then
  args="$args $*"
fi
mvn -B -q -pl deploy compile exec:java -Dexec.args="$args"
