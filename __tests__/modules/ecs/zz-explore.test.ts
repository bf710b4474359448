import { ContainerImage } from "../../../modules/ecs/container";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { Alb } from "../../../modules/alb/alb";
import { synthScope } from "../../harness/synth-scope";
import { writeFileSync } from "node:fs";
test("x", () => {
  const s = synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const alb = new Alb(scope, "alb", { name: "web", vpcId: "vpc-1", subnetIds: ["a", "b"], allowPlainHttp: true });
    new AutoscaledService(scope, "api", { serviceName: "api", cluster, vpcId: "vpc-1", subnetIds: ["s1"], alb,
      container: { name: "api", port: 8080, image: ContainerImage.fromEcr({ repositoryUrl: "123.dkr.ecr/x", repositoryArn: "arn:aws:ecr:ap-northeast-2:123456789012:repository/x" }, "t1"),
      secrets: { B: "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:db-AbCdEf:password::", A: "arn:aws:ssm:ap-northeast-2:123456789012:parameter/app/key" } },
      logGroupName: "/ecs/api", requestsPerTarget: 100, enableExecuteCommand: true });
  });
  writeFileSync("/tmp/exp/auto.json", JSON.stringify(s.json, null, 2));
});
