import { stringify } from 'yaml';

/** The first line of every generated file: where it comes from, so nobody edits it by hand. */
export const GENERATED_NOTICE =
  'Generated from network/src/consortium/consortium.ts by `mobility-network fabric generate`; do not edit.';

/**
 * A YAML document with a header comment. Repeated objects are written out in full (no anchors),
 * so each section reads on its own and Fabric's viper loader sees plain maps.
 */
export function generatedYaml(document: unknown, description: string): string {
  const body = stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
  return `# ${GENERATED_NOTICE}\n# ${description}\n${body}`;
}

/** JSON files cannot carry comments; they are written pretty-printed with a final newline. */
export function generatedJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
