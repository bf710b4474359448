import { ServiceDiscoveryHttpNamespace } from "@cdktf/provider-aws/lib/service-discovery-http-namespace";
import { Construct } from "constructs";
import { namespaceNameProblem } from "./namespace-name";

/**
 * A Cloud Map namespace that ECS services join with Service Connect: a ServiceConnectNamespace, or
 * one made elsewhere (another stack's, shared through RAM) given by ARN and name.
 */
export interface IServiceConnectNamespace {
  /** What ECS takes (`service_connect_configuration.namespace`); an ARN also works across accounts. */
  readonly namespaceArn: string;
  /** e.g. "aipx.dev.internal": the suffix of each endpoint's fully qualified name. */
  readonly namespaceName: string;
}

export interface ServiceConnectNamespaceProps {
  /** e.g. "aipx.dev.internal" (one per environment); see NAMESPACE_NAME_EXPECTED. */
  readonly name: string;
  /** @default "Service Connect namespace <name>" */
  readonly description?: string;
}

/**
 * The Cloud Map namespace Service Connect endpoints live in, as an HTTP namespace.
 *
 * HTTP rather than private DNS: Service Connect resolves names in the client task's own proxy (it
 * discovers endpoints through the Cloud Map API, not DNS) and never uses or creates a Route 53
 * hosted zone, so a private DNS namespace would only add a hosted zone (USD 0.50 a month) that
 * nothing reads. The namespace costs nothing by itself; Cloud Map bills registered instances and
 * lookups by use.
 *
 * Only ECS services reach each other through it: a Lambda function or an EC2 instance cannot use
 * Service Connect, and an HTTP namespace gives it no DNS name either (it would call Cloud Map's
 * DiscoverInstances, or go through a load balancer).
 *
 * Destroy: Cloud Map refuses to delete a namespace that still holds services, and ECS removes the
 * Cloud Map services it created for its endpoints only after their ECS services are gone. Terraform
 * deletes the ECS services first (they reference the namespace); if DeleteNamespace still answers
 * "Namespace has associated services", wait a minute and run the destroy again.
 */
export class ServiceConnectNamespace extends Construct implements IServiceConnectNamespace {
  public readonly namespaceArn: string;
  /** `ns-...`, for the Cloud Map CLI (`aws servicediscovery list-services --filters Name=NAMESPACE_ID,...`). */
  public readonly namespaceId: string;
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: ServiceConnectNamespaceProps) {
    super(scope, id);
    const problem = namespaceNameProblem(props.name);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    const namespace = new ServiceDiscoveryHttpNamespace(this, "namespace", {
      name: props.name,
      description: props.description ?? `Service Connect namespace ${props.name}`,
    });
    this.namespaceArn = namespace.arn;
    this.namespaceId = namespace.id;
    this.namespaceName = namespace.name;
  }
}
