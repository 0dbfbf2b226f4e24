import { KindGuard, type TSchema } from '@sinclair/typebox';
import { expect } from 'chai';
import { chaincodeTransactions, type ContractTransaction } from './chaincode-transactions';
import { ROUTES, routeById, routePath, type RouteInput } from './index';
import type { RouteSpec } from './route-spec';

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** Whether a body schema has an object property at `path` (`body.reports[]`, `body.transient.fixes.vehicle`). */
function schemaAt(schema: TSchema | undefined, at: string): TSchema | undefined {
  let node = schema;
  for (const segment of at.split('.').slice(1)) {
    const each = segment.endsWith('[]');
    const name = each ? segment.slice(0, -2) : segment;
    node = node && KindGuard.IsObject(node) ? node.properties[name] : undefined;
    if (each) node = node && KindGuard.IsArray(node) ? node.items : undefined;
  }
  return node;
}

describe('the route table', function () {
  this.timeout(30_000);
  const routes: readonly RouteSpec[] = ROUTES;
  let transactions: ContractTransaction[];

  before(() => {
    // From the chaincode's own decorator metadata, read in a child process (fabric-contract-api stays out of ours).
    transactions = chaincodeTransactions();
  });

  it('has one route for every @Transaction of every contract, and nothing else', () => {
    expect(transactions.length).to.be.above(80);
    const expected = transactions.map((tx) => `${tx.contract}:${tx.transaction}`).sort();
    expect(routes.map((route) => `${route.contract}:${route.transaction}`).sort()).to.deep.equal(expected);
    for (const contract of ['devices', 'pairing', 'rideshare', 'vinaudit', 'vinaudit.lots', 'vinaudit.crowd', 'vinaudit.history', 'trail']) {
      expect(routes.some((route) => route.contract === contract), contract).to.equal(true);
    }
  });

  it('submits the chaincode’s submit transactions (POST) and evaluates its queries (GET)', () => {
    for (const tx of transactions) {
      const route = routes.find((candidate) => candidate.contract === tx.contract && candidate.transaction === tx.transaction);
      expect(route?.method, `${tx.contract}:${tx.transaction}`).to.equal(tx.submit ? 'POST' : 'GET');
    }
  });

  it('names each route <contract>.<transaction> and gives each method and path one route', () => {
    for (const route of routes) expect(route.id).to.equal(`${route.contract}.${lowerFirst(route.transaction)}`);
    expect(new Set(routes.map((route) => route.id)).size).to.equal(routes.length);
    expect(new Set(routes.map((route) => `${route.method} ${route.path}`)).size).to.equal(routes.length);
  });

  it('passes every transaction as many arguments as it takes', () => {
    const sample = (schema: TSchema | undefined): Record<string, string> =>
      Object.fromEntries(Object.keys(schema && KindGuard.IsObject(schema) ? schema.properties : {}).map((name) => [name, 'x']));
    for (const route of routes) {
      const tx = transactions.find((candidate) => candidate.contract === route.contract && candidate.transaction === route.transaction);
      const call = { params: sample(route.params), query: sample(route.query), body: sample(route.body), headerRequest: {} };
      const args = route.toArguments ? route.toArguments(call) : route.method === 'POST' ? ['{}'] : [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)];
      expect(args.length, route.id).to.equal(tx?.parameters.length);
    }
  });

  it('gives every write a body, names endorsers for transient data, and points signed requests at request schemas', () => {
    for (const route of routes.filter((candidate) => candidate.method === 'POST')) {
      expect(route.body, route.id).to.not.equal(undefined);
      if (route.transient?.length) {
        expect(route.endorsingOrganizations, route.id).to.have.length.greaterThan(1);
        const transient = schemaAt(route.body, 'body.transient');
        expect(transient && KindGuard.IsObject(transient) ? Object.keys(transient.properties).sort() : [], route.id).to.deep.equal([...route.transient].sort());
      }
    }
    for (const route of routes) {
      for (const signed of route.signedRequests ?? []) {
        if (signed.at === 'header') {
          expect(route.method, route.id).to.equal('GET');
          continue;
        }
        const schema = schemaAt(route.body, signed.at);
        expect(schema && KindGuard.IsObject(schema) ? Object.keys(schema.properties) : [], `${route.id} ${signed.at}`).to.include.members(['device', 'signature', 'payload']);
      }
    }
  });

  it('fills path params in, encoded, and types inputs by route id', () => {
    const route = routeById('pairing.checkPairingId');
    expect(route.transaction).to.equal('CheckPairingId');
    expect(routePath(routeById('devices.get'), { address: '0xab/cd' })).to.equal('/v1/devices/0xab%2Fcd');
    expect(() => routePath(routeById('devices.get'))).to.throw(/address/);
    // Compile-time: the input of a route is inferred from its schemas.
    const input: RouteInput<'rideshare.offerRide'> = { body: { rideId: 'a'.repeat(64), driver: `0x${'1'.repeat(40)}` } };
    expect(Object.keys(input)).to.deep.equal(['body']);
  });
});
