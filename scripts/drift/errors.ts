/**
 * A mistake in what `npm run drift` was asked to do (an argument, a `--from` directory, no terraform):
 * scripts/drift.ts prints the message alone and exits 1, like main.ts does for ConfigError.
 */
export class DriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DriftInputError";
  }
}
