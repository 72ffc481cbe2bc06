"""Prints the CloudFormation template (JSON) that the SAM transform makes of a SAM template.

Usage: python3 sam_transform.py TEMPLATE [Name=Value ...]

Runs the SAM translator that cfn-lint ships, offline, the way cfn-lint itself does
(cfnlint/template/transforms/_sam.py): cfn-lint's YAML reader (short-form intrinsics), the managed
policy map cfn-lint bundles instead of asking IAM, and each local CodeUri replaced by an S3 location,
as `sam deploy` does after uploading the file. The parameter values go to the translator, which
resolves the few properties it must know (e.g. AutoPublishAlias); CloudFormation resolves the rest at
deploy time, which is what the calling test does next.
"""

import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from cfnlint.data import Serverless  # noqa: E402
from cfnlint.decode import cfn_yaml  # noqa: E402
from cfnlint.decode.utils import convert_dict  # noqa: E402
from cfnlint.helpers import load_resource  # noqa: E402
from samtranslator.parser import parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402


def main(argv):
    template = convert_dict(cfn_yaml.load(argv[1]))
    parameters = dict(argument.split("=", 1) for argument in argv[2:])
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        code_uri = properties.get("CodeUri")
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code_uri, str):
            properties["CodeUri"] = "s3://deployment-bucket/" + code_uri
    translator = Translator(
        managed_policy_map=load_resource(Serverless, "ManagedPolicies.json"),
        sam_parser=parser.Parser(),
    )
    transformed = translator.translate(
        sam_template=template, parameter_values=parameters, passthrough_metadata=True
    )
    json.dump(transformed, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv)
