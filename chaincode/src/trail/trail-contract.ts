import { Type, type TObject, type TString } from '@sinclair/typebox';
import { getAddress } from 'ethers';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireMember } from '../lib/access';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { invalidArgument } from '../lib/errors';
import { validate } from '../lib/validate';
import { entityKeyHistory } from './trail-history';
import { ENTITY_ID_PATTERNS, ENTITY_KINDS, EntityKindSchema, type EntityKind } from './trail-types';

const QueryArguments = Type.Object({ kind: EntityKindSchema, id: Type.String({ minLength: 1, maxLength: 128 }) });

/**
 * Read-only history of the state keys an entity touches, for auditors: they combine it with block
 * data (qscc, Deliver) to show who did what, when, endorsed by whom and with which validation code.
 */
@Info({ title: 'Trail', description: 'Audit trails: key histories of a VIN, pairing, device, ride or audit' })
export class TrailContract extends LedgerContract {
  constructor() {
    super('trail');
  }

  /** Every committed modification of every key of the entity (oldest first per key), values in base64. */
  @Transaction(false)
  @Returns('string')
  async KeyHistory(ctx: LedgerContext, kind: string, id: string): Promise<string> {
    requireMember(ctx, 'read audit trails');
    if (!(ENTITY_KINDS as readonly string[]).includes(kind)) throw invalidArgument('kind', `must be one of ${ENTITY_KINDS.join(', ')}`);
    const query = validate(QueryArguments, { kind, id }, '');
    return canonicalJson(await entityKeyHistory(ctx, query.kind, normaliseId(query.kind, query.id)));
  }
}

/** One compiled schema per kind (validate caches checkers by schema object). */
const ID_SCHEMAS = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [kind, Type.Object({ id: Type.String({ pattern: ENTITY_ID_PATTERNS[kind] }) })]),
) as Record<EntityKind, TObject<{ id: TString }>>;

/** Checks the identifier against its kind; device addresses are keyed in checksummed form. */
function normaliseId(kind: EntityKind, id: string): string {
  validate(ID_SCHEMAS[kind], { id }, '');
  return kind === 'device' ? getAddress(id.toLowerCase()) : id;
}
