/**
 * A mistake in what `npm run diagram` was asked for (an argument, a stack name, a README without
 * its markers): scripts/diagram.ts prints the message alone and exits 1, like main.ts does for
 * ConfigError.
 */
export class DiagramInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiagramInputError";
  }
}
