import { TerraformOutput } from "cdktf";
import { NAMESPACE_NAME_EXPECTED } from "../../../modules/servicediscovery/namespace-name";
import { ServiceConnectNamespace } from "../../../modules/servicediscovery/service-connect-namespace";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

/**
 * The Service Connect namespace: one Cloud Map HTTP namespace (no Route 53 hosted zone: Service
 * Connect resolves through its proxy, never DNS), named like a DNS suffix because every endpoint's
 * fully qualified name ends in it.
 */

function build(name: string, description?: string): SynthesizedJson {
  return synthScope((scope) => {
    const namespace = new ServiceConnectNamespace(scope, "namespace", { name, description });
    new TerraformOutput(scope, "arn", { value: namespace.namespaceArn });
    new TerraformOutput(scope, "id", { value: namespace.namespaceId });
    new TerraformOutput(scope, "name", { value: namespace.namespaceName });
  });
}

describe("ServiceConnectNamespace", () => {
  const synth = build("aipx.dev.internal");
  const [resourceName] = Object.keys(synth.resources("aws_service_discovery_http_namespace"));

  test("is one HTTP namespace with the given name, and nothing else: no hosted zone, no DNS namespace", () => {
    expect(synth.only("aws_service_discovery_http_namespace")).toEqual({
      name: "aipx.dev.internal",
      description: "Service Connect namespace aipx.dev.internal",
    });
    expect(Object.keys(synth.json.resource ?? {})).toEqual(["aws_service_discovery_http_namespace"]);
  });

  test("its results are the namespace's ARN, id and name", () => {
    for (const attribute of ["arn", "id", "name"]) {
      expect(synth.output(attribute)).toEqual({
        value: ref("aws_service_discovery_http_namespace", resourceName!, attribute),
      });
    }
  });

  test("the description can be given", () => {
    expect(build("aipx.prod.internal", "AIPX hot path").only("aws_service_discovery_http_namespace")).toEqual(
      {
        name: "aipx.prod.internal",
        description: "AIPX hot path",
      },
    );
  });

  test.each([
    ["a single label", "aipx"],
    ["uppercase", "AIPX.dev.internal"],
    ["a trailing dot", "aipx.dev.internal."],
    ["an empty label", "aipx..internal"],
    ["an underscore", "aipx_dev.internal"],
    ["a label starting with a hyphen", "-aipx.dev.internal"],
    ["a label of 64 characters", `${"a".repeat(64)}.internal`],
    ["more than 253 characters", `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}`],
    ["an ARN", "arn:aws:servicediscovery:ap-northeast-2:123456789012:namespace/ns-abc"],
    ["empty", ""],
  ])("a name with %s is refused, naming the construct, the prop and the rule", (_description, name) => {
    expect(() => build(name)).toThrow(
      new Error(`stack/namespace: name must be ${NAMESPACE_NAME_EXPECTED}, got ${JSON.stringify(name)}`),
    );
  });

  test.each(["aipx.dev.internal", "a.b", "svc-1.aipx-dev.internal", `${"a".repeat(63)}.internal`])(
    "%s is accepted",
    (name) => {
      expect(build(name).only("aws_service_discovery_http_namespace").name).toBe(name);
    },
  );
});
