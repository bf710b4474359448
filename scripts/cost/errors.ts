/**
 * A mistake in what `npm run cost` was asked to read (an argument, a `--from` directory, a price
 * table): scripts/cost.ts prints the message alone and exits 1, like main.ts does for ConfigError.
 */
export class CostInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CostInputError";
  }
}
