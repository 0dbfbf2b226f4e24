/** Typed errors of the policy layer. */

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** A signature policy expression that does not parse; position is the 0-based offset in the text. */
export class PolicySyntaxError extends PolicyError {
  override name = 'PolicySyntaxError';
  constructor(
    readonly expression: string,
    readonly position: number,
    detail: string,
  ) {
    super(`invalid signature policy at position ${position}: ${detail}\n  ${expression}\n  ${' '.repeat(position)}^`);
  }
}

/** A policy that is well-formed but cannot be used (bad version, index out of range, unknown path). */
export class PolicyDefinitionError extends PolicyError {
  override name = 'PolicyDefinitionError';
}
