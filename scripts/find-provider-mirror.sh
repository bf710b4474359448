#!/usr/bin/env bash
# Prints the root of a Terraform filesystem provider mirror holding hashicorp/aws: the directory that
# contains `registry.terraform.io/`. Terraform cannot reach the registry on CI machines, so `.ci/run`
# (and the Terraform test harness, when TF_PLUGIN_MIRROR is not set) find the mirror with this script
# instead of hard-coding a machine path.
#
# Usage: scripts/find-provider-mirror.sh [provider-version]
#   provider-version  only accept a mirror holding this hashicorp/aws version (e.g. 5.100.0)
#
# Looks at Terraform's implicit mirror roots first, then searches the whole filesystem (skipping pseudo file
# systems, node_modules, .git and Terraform working directories, whose `.terraform/providers` caches
# have the same layout but are not mirrors). Exits 1 with the places it looked when none is found.
set -euo pipefail

version="${1:-}"
provider_dir="registry.terraform.io/hashicorp/aws"

# A root qualifies when it holds the provider in either mirror layout: unpacked
# (<version>/<os>_<arch>/terraform-provider-aws_*) or packed (terraform-provider-aws_<version>_<os>_<arch>.zip).
holds_provider() {
  local dir="$1/$provider_dir" v="${version:-*}"
  [[ -d "$dir" ]] || return 1
  compgen -G "$dir/$v/*/terraform-provider-aws_*" >/dev/null || compgen -G "$dir/terraform-provider-aws_${v}_*.zip" >/dev/null
}

# Terraform's own implicit local mirror directories (its CLI configuration docs list them).
candidates=(
  "/usr/local/share/terraform/plugins"
  "/usr/share/terraform/plugins"
  "${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins"
  "$HOME/.terraform.d/plugins"
)
for root in "${candidates[@]}"; do
  if holds_provider "$root"; then
    echo "$root"
    exit 0
  fi
done

# Not in a usual place: search for the provider binary or archive and walk up to the mirror root.
while IFS= read -r file; do
  root="${file%%/registry.terraform.io/*}"
  if [[ "$root" != "$file" ]] && holds_provider "$root"; then
    echo "$root"
    exit 0
  fi
done < <(find / \( -path /proc -o -path /sys -o -path /dev -o -path /run \
  -o -name node_modules -o -name .git -o -name .terraform \) -prune \
  -o -type f -name 'terraform-provider-aws*' -path "*/$provider_dir/*" -print 2>/dev/null)

{
  echo "find-provider-mirror: no Terraform filesystem mirror with hashicorp/aws${version:+ $version} found."
  echo "  looked in: ${candidates[*]}"
  echo "  and searched / for */$provider_dir/*/terraform-provider-aws*"
  echo "  Set TF_PLUGIN_MIRROR to the directory that contains registry.terraform.io/ to skip the search."
} >&2
exit 1
