"""Our moto server for the Terraform suites: moto 5.2.1 plus the patches below, on 127.0.0.1 only.

Usage: python3 moto_launcher.py --port N

The Terraform suites (__tests__/terraform, __tests__/e2e) drive the real hashicorp/aws 5.100.0
provider and the S3 backend against this server. Every patch exists because moto 5.2.1 behaves
differently from AWS in a way the provider or our tests depend on; each is applied by a named
function below and listed here with the moto behaviour behind it:

  account_from_numeric_access_key
      moto serves one default account (123456789012) per process: BaseResponse.get_current_account
      asks moto.iam.models.get_account_id_from(access_key) (imported at call time in
      moto/core/responses.py), which only knows access keys created through moto's IAM. Each
      environment's provider has allowed_account_ids = [<that env's account>], so against one
      default account every plan would fail (or the check would have to be skipped). The patch maps
      an access key id that is exactly a 12-digit number to that account id, so the harness sets
      AWS_ACCESS_KEY_ID=<env's account id> and allowed_account_ids is really exercised (STS
      GetCallerIdentity answers with that account, and resources live in that account's backend).
      BaseResponse.access_key_regex only extracts 20-character AKIA-style key ids from the
      Authorization header (anything else becomes "AKIAEXAMPLE"), so the patch widens it to accept
      a 12-digit key id too.

  application_autoscaling_tags
      moto's application-autoscaling has no ListTagsForResource / TagResource / UntagResource and
      RegisterScalableTarget drops its Tags. The provider reads tags after creating an
      aws_appautoscaling_target and retries the NotImplemented error until it times out. The patch
      registers the three actions with real tag storage on the scalable target, fed by
      RegisterScalableTarget Tags, TagResource and UntagResource, so tags round-trip and a re-plan
      shows no tag drift.

  s3_tls_only_bucket_policy
      moto's object-level bucket-policy check (FakeBucket.get_permission, used for Get/Put/Head/
      DeleteObject) evaluates a statement's Condition only for StringEquals and with no request
      context: any other operator (here Bool) is ignored, so the statement applies to every
      request. Our buckets (modules/s3/secure-bucket.ts) carry the standard TLS-only statement
      (Deny s3:* when Bool aws:SecureTransport = "false"), which moto therefore applies to every
      request: the S3 backend gets 403 on HeadObject of its state and nothing can be read or
      written. Real AWS clients (the provider, the S3 backend) always use TLS, so against AWS that
      statement never matches them; the emulator link is plain HTTP on loopback only. The patch
      leaves such statements out of moto's evaluation; every other statement is still enforced.

  rds_parameter_source_user
      moto keeps only the parameters a caller sets on a DB parameter group (it has no engine
      defaults) and returns them from DescribeDBParameters without a Source. The provider keeps a
      parameter in state only when Source is "user" (or it is a system default named in the
      configuration), so every parameter we set (e.g. rds.force_ssl = 1) vanished on read and the
      re-plan wanted to add it again. AWS reports parameters set through
      Create/ModifyDBParameterGroup with Source "user"; the patch records exactly that, so the
      parameter values themselves are still compared on re-plan.

  launch_template_own_tags_stay_out_of_data
      moto's CreateLaunchTemplate copies the request's TagSpecifications (the tags of the launch
      template itself, ResourceType "launch-template") into the template data, so
      DescribeLaunchTemplateVersions returns a LaunchTemplateData.TagSpecifications entry of type
      "launch-template". AWS keeps the template's own tags apart (that type is not even accepted in
      LaunchTemplateData). The provider sends the template's `tags` that way, reads the extra entry
      back into `tag_specifications`, and every re-plan of a tagged aws_launch_template (the NAT
      instance's, modules/vpc/nat-instance.ts) wants to remove it and to roll the Auto Scaling group
      to a new version. The patch drops "launch-template" entries from the data of every version
      moto stores; the template's own tags (DescribeLaunchTemplates, DescribeTags) are unchanged.

The server binds 127.0.0.1 only, and exits when the process that started it goes away (the
test run stops it by its pid in afterAll; the watch covers a run killed before afterAll).

Environment set here (before moto is imported):
  MOTO_IAM_LOAD_MANAGED_POLICIES=true  AWS managed IAM policies (arn:aws:iam::aws:policy/...) only
                                       exist in moto with it; role policy attachments need them.
  MOTO_ACCOUNT_ID (removed)            it would pin every request to one account.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
from typing import Any, Callable

# Taken first thing, so a parent that dies while moto is still importing is noticed too.
STARTED_BY = os.getppid()

os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
# MOTO_ACCOUNT_ID would pin every request to one account, defeating account_from_numeric_access_key.
os.environ.pop("MOTO_ACCOUNT_ID", None)

PATCHES: list[tuple[str, Callable[[], None]]] = []


def patch(function: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append((function.__name__, function))
    return function


@patch
def account_from_numeric_access_key() -> None:
    import moto.iam.models as iam_models
    from moto.core.responses import BaseResponse

    original = iam_models.get_account_id_from
    twelve_digits = re.compile(r"\d{12}")

    def get_account_id_from(access_key: str) -> str:
        if access_key and twelve_digits.fullmatch(access_key):
            return access_key
        return original(access_key)

    # moto/core/responses.py does `from moto.iam.models import get_account_id_from` inside
    # get_current_account, so replacing the module attribute is enough.
    iam_models.get_account_id_from = get_account_id_from
    # Same pattern as moto's, plus the 12-digit alternative (SigV4: "Credential=<key id>/<date>/...").
    BaseResponse.access_key_regex = re.compile(
        r"AWS.*(?P<access_key>(?<![A-Z0-9])(?:[A-Z0-9]{20}|[0-9]{12})(?![A-Z0-9]))[:/]"
    )


@patch
def application_autoscaling_tags() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.core.exceptions import JsonRESTError

    tags_attribute = "_launcher_tags"

    def target_by_arn(response: Any, arn: str) -> Any:
        backend = response.applicationautoscaling_backend
        for by_resource in backend.targets.values():
            for target in by_resource.values():
                if target.arn == arn:
                    return target
        raise JsonRESTError("ResourceNotFoundException", f"No scalable target found for ARN {arn}")

    def tags_of(target: Any) -> dict[str, str]:
        if not hasattr(target, tags_attribute):
            setattr(target, tags_attribute, {})
        return getattr(target, tags_attribute)

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        body = original_register(self)
        tags = self._get_param("Tags") or {}
        if tags:
            tags_of(target_by_arn(self, json.loads(body)["ScalableTargetARN"])).update(tags)
        return body

    def list_tags_for_resource(self: Any) -> str:
        target = target_by_arn(self, self._get_param("ResourceARN"))
        return json.dumps({"Tags": dict(tags_of(target))})

    def tag_resource(self: Any) -> str:
        target = target_by_arn(self, self._get_param("ResourceARN"))
        tags_of(target).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self: Any) -> str:
        target = target_by_arn(self, self._get_param("ResourceARN"))
        for key in self._get_param("TagKeys") or []:
            tags_of(target).pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


@patch
def s3_tls_only_bucket_policy() -> None:
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    original = FakeBucket.get_permission

    def denies_only_insecure_transport(statement: dict[str, Any]) -> bool:
        condition = statement.get("Condition")
        if statement.get("Effect") != "Deny" or not isinstance(condition, dict) or list(condition) != ["Bool"]:
            return False
        values = condition["Bool"]
        if not isinstance(values, dict) or list(values) != ["aws:SecureTransport"]:
            return False
        value = values["aws:SecureTransport"]
        return [str(v).lower() for v in (value if isinstance(value, list) else [value])] == ["false"]

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return original(self, action, resource)
        document = json.loads(self.policy.decode())
        statements = document.get("Statement")
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements or [] if not denies_only_insecure_transport(s)]
        if not kept:
            return PermissionResult.NEUTRAL
        # Same evaluation as moto's FakeBucket.get_permission, on a copy without those statements
        # (the bucket's stored policy is untouched, so GetBucketPolicy still returns it in full).
        return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


@patch
def rds_parameter_source_user() -> None:
    from moto.rds.models import DBParameterGroup

    original = DBParameterGroup.update_parameters

    def update_parameters(self: Any, new_parameters: Any) -> None:
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for parameter in new_parameters:
            self.parameters[parameter["ParameterName"]].setdefault("Source", "user")

    DBParameterGroup.update_parameters = update_parameters


@patch
def launch_template_own_tags_stay_out_of_data() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplateVersion

    original_init = LaunchTemplateVersion.__init__

    def __init__(self: Any, template: Any, number: int, data: dict[str, Any], description: str) -> None:
        specs = data.get("TagSpecifications")
        if isinstance(specs, list):
            kept = [
                s for s in specs if not (isinstance(s, dict) and s.get("ResourceType") == "launch-template")
            ]
            data = {key: value for key, value in data.items() if key != "TagSpecifications"}
            if kept:
                data["TagSpecifications"] = kept
        original_init(self, template, number, data, description)

    LaunchTemplateVersion.__init__ = __init__


def exit_with_parent() -> None:
    def watch() -> None:
        while os.getppid() == STARTED_BY:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    exit_with_parent()

    for name, apply in PATCHES:
        apply()
        print(f"moto_launcher: applied patch {name}", file=sys.stderr, flush=True)

    from moto.server import main as moto_server_main

    # Loopback only: the emulator accepts any credentials and must not be reachable from elsewhere.
    moto_server_main(["--host", "127.0.0.1", "--port", str(args.port)])


if __name__ == "__main__":
    main()
