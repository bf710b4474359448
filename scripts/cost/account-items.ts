import { EstimateContext, Estimator } from "./context";
import { lineItem, perUnit } from "./line-item";
import { Resource, blocks, booleanOf, instancesOf, numberOf } from "./terraform-json";

/**
 * Things billed per month each, whatever they do: KMS keys, Secrets Manager secrets (including the
 * master-password secret RDS creates for `manage_master_user_password`), CloudWatch alarms and
 * dashboards, WAF web ACLs and their rules, Route 53 hosted zones. Like ones are one line per
 * stack ("CloudWatch alarm ×2"). Free tiers are per account, not per stack, so none is deducted.
 */

export const accountEstimator: Estimator = {
  types: [
    "aws_kms_key",
    "aws_kms_replica_key",
    "aws_secretsmanager_secret",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm",
    "aws_cloudwatch_dashboard",
    "aws_wafv2_web_acl",
    "aws_route53_zone",
  ],
  estimate(ctx) {
    const { stack } = ctx;
    perMonth(ctx, "KMS customer managed key", "kms.key", [
      ...stack.resources("aws_kms_key"),
      ...stack.resources("aws_kms_replica_key"),
    ]);
    const rotating = stack.resources("aws_kms_key").filter((k) => booleanOf(k.attrs.enable_key_rotation));
    if (rotating.length > 0)
      ctx.out.note("KMS keys with rotation: each rotated key version adds a monthly charge later");
    secrets(ctx);
    alarms(ctx);
    perMonth(
      ctx,
      "CloudWatch dashboard",
      "cloudwatch.dashboard",
      stack.resources("aws_cloudwatch_dashboard"),
    );
    webAcls(ctx);
    perMonth(ctx, "Route 53 hosted zone", "route53.hosted_zone", stack.resources("aws_route53_zone"));
  },
};

interface Counted {
  readonly label: string;
  readonly count: number;
}

/** One line for `things` at `key` a month each (nothing when there are none). */
function perMonth(
  ctx: EstimateContext,
  label: string,
  key: string,
  things: readonly (Resource | Counted)[],
): void {
  const counted = things.map((t) => ("type" in t ? countedOf(ctx, t) : t));
  const total = counted.reduce((sum, t) => sum + t.count, 0);
  if (total === 0) return;
  ctx.out.add(
    lineItem(ctx.pricer, {
      label: `${label}${total > 1 ? ` ×${total}` : ""}`,
      resource: counted.map((t) => (t.count > 1 ? `${t.label} ×${t.count}` : t.label)).join("; "),
      detail: `${total} × ${perUnit(ctx.pricer, key, "month")}`,
      charges: [{ priceKey: key, quantity: total }],
    }),
  );
}

function countedOf(ctx: EstimateContext, resource: Resource): Counted {
  const { count, note } = instancesOf(resource);
  ctx.out.note(note);
  return { label: resource.label, count };
}

function secrets(ctx: EstimateContext): void {
  const { stack } = ctx;
  const own = stack.resources("aws_secretsmanager_secret").map((s) => {
    const { count } = countedOf(ctx, s);
    const replicas = blocks(s.attrs.replica).length;
    return {
      label: replicas > 0 ? `${s.label} (+${replicas} replica)` : s.label,
      count: count * (1 + replicas),
    };
  });
  const managed = [...stack.resources("aws_db_instance"), ...stack.resources("aws_rds_cluster")]
    .filter((db) => booleanOf(db.attrs.manage_master_user_password) === true)
    .map((db) => ({ label: `${db.label} (RDS-managed master password)`, count: countedOf(ctx, db).count }));
  if (own.length + managed.length > 0) ctx.out.usage.add("api-requests");
  perMonth(ctx, "Secrets Manager secret", "secretsmanager.secret", [...own, ...managed]);
}

/**
 * Alarms are billed per alarm metric: a metric-math alarm pays for each metric it reads, and one
 * evaluated faster than every 60 s pays the high-resolution rate.
 */
function alarms(ctx: EstimateContext): void {
  const standard: Counted[] = [];
  const highResolution: Counted[] = [];
  for (const alarm of ctx.stack.resources("aws_cloudwatch_metric_alarm")) {
    const { count } = countedOf(ctx, alarm);
    const queries = blocks(alarm.attrs.metric_query).filter((q) => q.metric !== undefined);
    const periods = [alarm.attrs.period, ...queries.map((q) => blocks(q.metric)[0]?.period)]
      .map(numberOf)
      .filter((p): p is number => p !== undefined);
    const metrics = Math.max(queries.length, 1) * count;
    (periods.some((p) => p < 60) ? highResolution : standard).push({ label: alarm.label, count: metrics });
  }
  perMonth(ctx, "CloudWatch alarm metric", "cloudwatch.alarm.standard", standard);
  perMonth(
    ctx,
    "CloudWatch high-resolution alarm metric",
    "cloudwatch.alarm.high_resolution",
    highResolution,
  );
  perMonth(
    ctx,
    "CloudWatch composite alarm",
    "cloudwatch.alarm.composite",
    ctx.stack.resources("aws_cloudwatch_composite_alarm"),
  );
}

function webAcls(ctx: EstimateContext): void {
  for (const acl of ctx.stack.resources("aws_wafv2_web_acl")) {
    const { count, note } = instancesOf(acl);
    ctx.out.note(note);
    const rules = blocks(acl.attrs.rule).length;
    ctx.out.usage.add("waf-requests");
    ctx.out.add(
      lineItem(ctx.pricer, {
        label: "WAF web ACL",
        resource: acl.label,
        detail:
          `${count} × ${perUnit(ctx.pricer, "waf.web_acl", "month")} + ${count * rules} rules × ` +
          `${perUnit(ctx.pricer, "waf.rule", "month")} (a rule group counts as one rule)`,
        charges: [
          { priceKey: "waf.web_acl", quantity: count },
          { priceKey: "waf.rule", quantity: count * rules },
        ],
      }),
    );
  }
}
