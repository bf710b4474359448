import { describeWeek, monthlyHours, parseCron, weeklyRun } from "./cron";
import { hours } from "./line-item";
import { HOURS_PER_MONTH } from "./prices";
import { Resource, Stack, block, booleanOf, numberOf, stringOf } from "./terraform-json";

/**
 * On-demand services (modules/ecs/on-demand-service.ts): a scaler Lambda that EventBridge rules
 * invoke with `{"action":"start"}` / `{"action":"stop"}`. Its environment names what it scales:
 * `SERVICE_NAME` (an aws_ecs_service, `START_DESIRED_COUNT` tasks when started) and optionally
 * `DB_INSTANCE_ID` (an aws_db_instance started and stopped with it). Both run only between the
 * rules' firings; this finds those windows.
 */

export interface RunWindow {
  readonly hoursPerMonth: number;
  /** How the hours came about, e.g. "cron(0 0 ? * MON-FRI *) → cron(0 9 ? * MON-FRI *) UTC: …". */
  readonly detail: string;
  /** What a reader must know: a disabled rule, a schedule that could not be read. */
  readonly notes: readonly string[];
}

export interface OnDemandSchedules {
  /** By aws_ecs_service Terraform name: tasks per start and the window. */
  readonly services: ReadonlyMap<string, { readonly tasks: number; readonly window: RunWindow }>;
  /** By aws_db_instance Terraform name. */
  readonly databases: ReadonlyMap<string, RunWindow>;
}

export function onDemandSchedules(stack: Stack): OnDemandSchedules {
  const rulesByScaler = new Map<string, { start: Resource[]; stop: Resource[] }>();
  for (const target of stack.resources("aws_cloudwatch_event_target")) {
    const rule = ruleOf(stack, target.attrs.rule);
    const scaler = stack.resolve(target.attrs.arn, "aws_lambda_function");
    const action = actionOf(target.attrs.input);
    if (!rule || !scaler || !action) continue;
    const entry = rulesByScaler.get(scaler.name) ?? { start: [], stop: [] };
    entry[action].push(rule);
    rulesByScaler.set(scaler.name, entry);
  }

  const services = new Map<string, { tasks: number; window: RunWindow }>();
  const databases = new Map<string, RunWindow>();
  for (const scaler of stack.resources("aws_lambda_function")) {
    const rules = rulesByScaler.get(scaler.name);
    if (!rules) continue;
    const env = (block(scaler.attrs.environment)?.variables ?? {}) as Record<string, unknown>;
    const window = windowOf(rules.start, rules.stop);
    const service = byReferenceOrName(stack, env.SERVICE_NAME, "aws_ecs_service", "name");
    if (service) services.set(service.name, { tasks: numberOf(env.START_DESIRED_COUNT) ?? 1, window });
    const db = byReferenceOrName(stack, env.DB_INSTANCE_ID, "aws_db_instance", "identifier");
    if (db) databases.set(db.name, window);
  }
  return { services, databases };
}

/** Hours per month between the enabled start and stop rules' firings. */
export function windowOf(startRules: readonly Resource[], stopRules: readonly Resource[]): RunWindow {
  const names = (rules: readonly Resource[]) => rules.map(ruleName).join(", ") || "none";
  const starts = startRules.filter(enabled);
  const stops = stopRules.filter(enabled);
  if (starts.length === 0) {
    const disabled = startRules.filter((r) => !enabled(r));
    return {
      hoursPerMonth: 0,
      detail: `start rule ${names(startRules)} ${disabled.length > 0 ? "DISABLED" : "missing"}: 0 h`,
      notes: [
        `${names(startRules)} ${disabled.length > 0 ? "is DISABLED" : "does not exist"}: counted at 0 h (manual starts only)`,
      ],
    };
  }
  const parsed = [...starts, ...stops].map((rule) => ({ rule, result: parseCron(expressionOf(rule)) }));
  const failed = parsed.find((p) => !p.result.ok);
  if (failed && !failed.result.ok) {
    return {
      hoursPerMonth: HOURS_PER_MONTH,
      detail: `schedule not read: around the clock, ${HOURS_PER_MONTH} h`,
      notes: [
        `${ruleName(failed.rule)} ${JSON.stringify(expressionOf(failed.rule))}: ${failed.result.reason}; counted around the clock`,
      ],
    };
  }
  if (stops.length === 0) {
    return {
      hoursPerMonth: HOURS_PER_MONTH,
      detail: `no enabled stop rule: around the clock once started, ${HOURS_PER_MONTH} h`,
      notes: [
        `stop rule ${names(stopRules)} ${stopRules.length > 0 ? "is DISABLED" : "does not exist"}: runs around the clock once started`,
      ],
    };
  }
  const firings = (rules: readonly Resource[]) =>
    parsed.flatMap((p) => (rules.includes(p.rule) && p.result.ok ? p.result.schedule.firings : []));
  const run = weeklyRun(firings(starts), firings(stops));
  const perMonth = monthlyHours(run.minutes);
  const exprs = (rules: readonly Resource[]) => rules.map(expressionOf).join(" + ");
  return {
    hoursPerMonth: perMonth,
    detail: `${exprs(starts)} → ${exprs(stops)} UTC: ${describeWeek(run)} × 730/168 = ${hours(perMonth)} h`,
    notes: [],
  };
}

function enabled(rule: Resource): boolean {
  return rule.attrs.state !== "DISABLED" && booleanOf(rule.attrs.is_enabled) !== false;
}

function expressionOf(rule: Resource): string {
  return stringOf(rule.attrs.schedule_expression) ?? "(no schedule_expression)";
}

function ruleName(rule: Resource): string {
  return stringOf(rule.attrs.name) ?? rule.label;
}

/** The event rule a target's `rule` names: a `${aws_cloudwatch_event_rule.x.name}` reference or the name. */
function ruleOf(stack: Stack, value: unknown): Resource | undefined {
  return byReferenceOrName(stack, value, "aws_cloudwatch_event_rule", "name");
}

function byReferenceOrName(
  stack: Stack,
  value: unknown,
  type: string,
  nameAttr: string,
): Resource | undefined {
  if (value === undefined) return undefined;
  return stack.resolve(value, type) ?? stack.resources(type).find((r) => r.attrs[nameAttr] === value);
}

function actionOf(input: unknown): "start" | "stop" | undefined {
  try {
    const action = (JSON.parse(String(input)) as { action?: unknown }).action;
    return action === "start" || action === "stop" ? action : undefined;
  } catch {
    return undefined;
  }
}
