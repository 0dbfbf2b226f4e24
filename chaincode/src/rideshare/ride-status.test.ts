import { expect } from 'chai';
import { RIDE_ACTIONS, RIDE_STATUSES, allowedActions, isOpen, nextStatus, type RideAction, type RideStatus } from './ride-status';

/** The lifecycle written out independently of the implementation's table: [from, action, to]. */
const LEGAL: readonly [RideStatus, RideAction, RideStatus][] = [
  ['requested', 'offer', 'requested'],
  ['requested', 'respond-decline', 'requested'],
  ['requested', 'respond-accept', 'responded'],
  ['requested', 'cancel', 'cancelled'],
  ['responded', 'reconcile-progress', 'responded'],
  ['responded', 'reconcile-complete', 'accepted'],
  ['responded', 'reconcile-fail', 'disputed'],
  ['responded', 'cancel', 'cancelled'],
  ['accepted', 'pickup-retry', 'accepted'],
  ['accepted', 'pickup-verified', 'picked-up'],
  ['accepted', 'pickup-fail', 'disputed'],
  ['accepted', 'cancel', 'cancelled'],
  ['accepted', 'dispute', 'disputed'],
  ['picked-up', 'complete', 'completed'],
  ['picked-up', 'dispute', 'disputed'],
  ['completed', 'dispute', 'disputed'],
  ['disputed', 'resolve-complete', 'completed'],
  ['disputed', 'resolve-cancel', 'cancelled'],
];

describe('ride status transitions', () => {
  it('allows exactly the documented transitions and refuses every other status/action pair', () => {
    for (const status of RIDE_STATUSES) {
      for (const action of RIDE_ACTIONS) {
        const legal = LEGAL.find(([from, act]) => from === status && act === action);
        expect(nextStatus(status, action), `${status} --${action}-->`).to.equal(legal?.[2]);
      }
    }
  });

  it('makes cancelled terminal and lets completed rides only be disputed', () => {
    expect(allowedActions('cancelled')).to.deep.equal([]);
    expect(allowedActions('completed')).to.deep.equal(['dispute']);
  });

  it('reaches every status from requested', () => {
    const reached = new Set<RideStatus>(['requested']);
    for (let round = 0; round < RIDE_STATUSES.length; round += 1) {
      for (const status of [...reached]) for (const action of allowedActions(status)) reached.add(nextStatus(status, action) as RideStatus);
    }
    expect([...reached].sort()).to.deep.equal([...RIDE_STATUSES].sort());
  });

  it('counts requested to picked-up as open, the rest as closed', () => {
    expect(RIDE_STATUSES.filter(isOpen)).to.deep.equal(['requested', 'responded', 'accepted', 'picked-up']);
  });
});
