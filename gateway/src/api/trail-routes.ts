import { Type } from '@sinclair/typebox';
import { EntityKindSchema } from '@mobility-ledger/chaincode/dist/trail/trail-types';
import { defineRoute, params } from './route-spec';

/**
 * Audit trails (chaincode/src/trail/README.md): the committed history of every state key a VIN,
 * pairing, device, ride or audit touches. The chaincode checks the id against its kind.
 */
export const TRAIL_ROUTES = [
  defineRoute({
    id: 'trail.keyHistory',
    method: 'GET',
    path: '/v1/trail/:kind/:id',
    org: 'any',
    contract: 'trail',
    transaction: 'KeyHistory',
    params: params({ kind: EntityKindSchema, id: Type.String({ minLength: 1, maxLength: 128 }) }),
    summary: 'Every committed modification of every state key of a VIN, pairing, device, ride or audit (values in base64)',
    tags: ['trail'],
  }),
] as const;
