/**
 * cdktf records a full stack trace for every token it creates, only to quote it if that token later
 * fails to resolve: about a fifth of a synth's time. AWS CDK made the same capture opt-in
 * (CDK_DEBUG) for the same reason; here too it is off unless CDK_DEBUG is set. The synthesized
 * output is unchanged (a test compares it with a synth that captures them).
 */
export function skipTokenStackTraces(env: NodeJS.ProcessEnv): void {
  if (env.CDK_DEBUG) return;
  // The module object itself (cdktf's code calls through it), not an import binding.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as {
    captureStackTrace: () => string[];
  };
  stackTrace.captureStackTrace = () => ["(token creation stacks are captured only with CDK_DEBUG=1)"];
}
