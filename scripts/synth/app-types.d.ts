/** What scripts/synth/*.cjs use of the bundled app (.build/app.js, built from main.ts). */
export interface BundledApp {
  synthesize(
    env?: NodeJS.ProcessEnv,
    share?: { index: number; count: number },
  ): Promise<{ version: string; stacks: Record<string, unknown> }>;
  exitOnError(error: unknown): never;
  isUserMistake(error: unknown): boolean;
}
