import { PolicySyntaxError } from './errors';
import type { RolePrincipal } from './principal';
import type { MspRoleName } from './policy-identity';

/**
 * Parser for Fabric's signature policy language (common/policydsl, the syntax of
 * `--signature-policy`): gates AND(...), OR(...), OutOf(n, ...) in the spellings Fabric
 * accepts (And/and/AND, Or/or/OR, OutOf/outof/OUTOF), nested freely, over principals
 * '<MSP ID>.<role>' in single or double quotes.
 */

export type PolicyNode = GateNode | PrincipalNode;

export interface GateNode {
  readonly kind: 'gate';
  /** How many children must be satisfied (AND: all, OR: one). */
  readonly threshold: number;
  readonly children: readonly PolicyNode[];
  readonly position: number;
}

export interface PrincipalNode extends RolePrincipal {
  readonly kind: 'principal';
  readonly position: number;
}

type GateKind = 'and' | 'or' | 'outof';

const GATES: Record<string, GateKind> = {
  AND: 'and',
  And: 'and',
  and: 'and',
  OR: 'or',
  Or: 'or',
  or: 'or',
  OutOf: 'outof',
  outof: 'outof',
  OUTOF: 'outof',
};

/** policydsl's principal pattern: ^([[:alnum:].-]+)([.])(admin|member|client|peer|orderer)$ */
const PRINCIPAL = /^([A-Za-z0-9.-]+)\.(admin|member|client|peer|orderer)$/;

export function parseSignaturePolicy(expression: string): GateNode {
  return new Parser(expression).parseDocument();
}

class Parser {
  private offset = 0;

  constructor(private readonly text: string) {}

  parseDocument(): GateNode {
    this.skipSpace();
    if (this.offset >= this.text.length) {
      this.fail('empty policy; expected AND(...), OR(...) or OutOf(...)');
    }
    if (!this.atIdentifier()) {
      this.fail('a policy must start with a gate: AND(...), OR(...) or OutOf(...)');
    }
    const gate = this.parseGate();
    this.skipSpace();
    if (this.offset < this.text.length) {
      this.fail(`unexpected '${this.text[this.offset] ?? ''}' after the end of the policy`);
    }
    return gate;
  }

  private parseGate(): GateNode {
    const position = this.offset;
    const name = this.readIdentifier();
    const kind = GATES[name];
    if (!kind) {
      this.fail(`unknown gate '${name}'; expected AND, OR or OutOf`, position);
    }
    this.expect('(');
    let threshold: number | undefined;
    if (kind === 'outof') {
      threshold = this.parseThreshold();
      this.expect(',');
    }
    const children = [this.parseOperand()];
    for (;;) {
      this.skipSpace();
      if (this.peek() === ')') {
        this.offset += 1;
        break;
      }
      this.expect(',');
      children.push(this.parseOperand());
    }
    const n = children.length;
    const t = kind === 'and' ? n : kind === 'or' ? 1 : (threshold ?? 0);
    // policydsl allows t == n + 1 (a policy that can never be met, e.g. to freeze a key).
    if (t < 0 || t > n + 1) {
      this.fail(`invalid t-out-of-n predicate, t ${t}, n ${n}`, position);
    }
    return { kind: 'gate', threshold: t, children, position };
  }

  private parseOperand(): PolicyNode {
    this.skipSpace();
    const char = this.peek();
    if (char === "'" || char === '"') {
      return this.parsePrincipal();
    }
    if (this.atIdentifier()) {
      return this.parseGate();
    }
    this.fail(char === undefined ? 'unexpected end of policy; expected a principal or a gate' : `unexpected '${char}'; expected a quoted principal or a gate`);
  }

  private parsePrincipal(): PrincipalNode {
    const position = this.offset;
    const value = this.readString();
    const match = PRINCIPAL.exec(value);
    if (!match) {
      this.fail(`invalid principal '${value}'; expected '<MSP ID>.<member|admin|client|peer|orderer>'`, position);
    }
    return { kind: 'principal', mspId: match[1] ?? '', role: (match[2] ?? 'member') as MspRoleName, position };
  }

  /** OutOf's first argument: an integer, or (as policydsl allows) a quoted integer. */
  private parseThreshold(): number {
    this.skipSpace();
    const position = this.offset;
    const char = this.peek();
    const text = char === "'" || char === '"' ? this.readString().trim() : this.readNumber();
    if (!/^-?\d+$/.test(text)) {
      this.fail(`expected an integer threshold, found '${text}'`, position);
    }
    return Number.parseInt(text, 10);
  }

  private readNumber(): string {
    const match = /^-?\d*(\.\d*)?/.exec(this.text.slice(this.offset));
    const text = match?.[0] ?? '';
    if (text === '' || text === '-') {
      this.fail('expected an integer threshold');
    }
    this.offset += text.length;
    return text;
  }

  private readString(): string {
    const quote = this.peek();
    const start = this.offset;
    this.offset += 1;
    let value = '';
    while (this.offset < this.text.length) {
      const char = this.text[this.offset] ?? '';
      if (char === quote) {
        this.offset += 1;
        return value;
      }
      if (char === '\\') {
        const escaped = this.text[this.offset + 1];
        if (escaped === undefined) {
          break;
        }
        value += escaped;
        this.offset += 2;
        continue;
      }
      value += char;
      this.offset += 1;
    }
    this.fail('unterminated string', start);
  }

  private readIdentifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.offset));
    const name = match?.[0] ?? '';
    this.offset += name.length;
    return name;
  }

  private atIdentifier(): boolean {
    return /[A-Za-z_]/.test(this.peek() ?? '');
  }

  private expect(token: string): void {
    this.skipSpace();
    if (this.peek() !== token) {
      const found = this.peek();
      this.fail(found === undefined ? `unexpected end of policy; expected '${token}'` : `expected '${token}', found '${found}'`);
    }
    this.offset += 1;
  }

  private peek(): string | undefined {
    return this.text[this.offset];
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.offset] ?? '')) {
      this.offset += 1;
    }
  }

  private fail(detail: string, position = this.offset): never {
    throw new PolicySyntaxError(this.text, position, detail);
  }
}
