import { Type } from '@sinclair/typebox';
import { expect } from 'chai';
import { LedgerError, parseLedgerErrorMessage } from './errors';
import { parseJsonArgument, validate } from './validate';

const Schema = Type.Object(
  { vin: Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$' }), items: Type.Array(Type.Object({ n: Type.Integer() })) },
  { additionalProperties: false },
);

function errorOf(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a LedgerError');
}

describe('validate', () => {
  it('returns valid values unchanged', () => {
    const value = { vin: '1HGCM82633A004352', items: [{ n: 1 }] };
    expect(validate(Schema, value, 'arg')).to.equal(value);
  });

  it('names a missing field', () => {
    const error = errorOf(() => validate(Schema, { items: [] }, 'arg'));
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.field).to.equal('arg.vin');
  });

  it('names a nested array element and an unknown field', () => {
    expect(errorOf(() => validate(Schema, { vin: '1HGCM82633A004352', items: [{ n: 1.5 }] }, 'arg')).field).to.equal('arg.items[0].n');
    const extra = errorOf(() => validate(Schema, { vin: '1HGCM82633A004352', items: [], x: 1 }, 'arg'));
    expect(extra.field).to.equal('arg.x');
    expect(extra.rule).to.equal('is not an allowed field');
  });

  it('refuses text that is not JSON', () => {
    expect(errorOf(() => parseJsonArgument(Schema, '{', 'request')).message).to.equal('INVALID_ARGUMENT: request: must be valid JSON');
  });

  it('parses its own message format back, also when wrapped by the peer', () => {
    const parsed = parseLedgerErrorMessage('chaincode response 500, NOT_FOUND: pairing: P1 does not exist');
    expect(parsed).to.deep.equal({ code: 'NOT_FOUND', field: 'pairing', rule: 'P1 does not exist' });
    expect(parseLedgerErrorMessage('something else')).to.equal(undefined);
  });
});
