import { expect } from 'chai';
import { ROUTES } from '../api';
import type { RouteSpec } from '../api/route-spec';
import { RouteInputError, pathParamNames, planRequest } from './route-request';

const route = (id: string): RouteSpec => {
  const found = ROUTES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no route ${id}`);
  return found;
};

describe('planRequest (route input → HTTP request)', () => {
  it('fills path params in order, URL-encoded, and sends no body on a read', () => {
    expect(pathParamNames('/v1/rideshare/rides/:rideId/private-items/:item')).to.deep.equal(['rideId', 'item']);
    const plan = planRequest(route('rideshare.readPrivateItem'), { rideId: 'ab/cd', item: 'pin-salt' });
    expect(plan).to.deep.equal({ method: 'GET', path: '/v1/rideshare/rides/ab%2Fcd/private-items/pin-salt', params: { rideId: 'ab/cd', item: 'pin-salt' } });
  });

  it('puts the names of the query schema in the query string, and params in the path', () => {
    const plan = planRequest(route('devices.listByOrg'), { mspId: 'OemMSP', type: 'head-unit' });
    expect(plan.path).to.equal('/v1/orgs/OemMSP/devices?type=head-unit');
    expect(planRequest(route('rideshare.getTerms'), { version: 2 }).path).to.equal('/v1/rideshare/terms?version=2');
    expect(planRequest(route('rideshare.getTerms'), {}).path).to.equal('/v1/rideshare/terms');
  });

  it('sends everything else of a write as the JSON body, transient included', () => {
    const input = { pairingId: 'p', transient: { fixes: { vehicle: {}, device: {} } } };
    expect(planRequest(route('pairing.reportProximity'), input)).to.deep.equal({ method: 'POST', path: '/v1/pairing/proximity-reports', params: {}, body: input });
  });

  it('refuses a missing path param and body fields on a read, naming them', () => {
    expect(() => planRequest(route('pairing.getPairing'), {})).to.throw(RouteInputError, 'pairing.getPairing: pairingId');
    expect(() => planRequest(route('pairing.getPairing'), { pairingId: 'p', extra: 1 })).to.throw(RouteInputError, 'extra');
  });
});
