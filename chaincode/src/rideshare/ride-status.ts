/**
 * The ride lifecycle as a pure transition table. Every write of a ride names the action it performs;
 * the contract refuses any action the table does not allow from the ride's current status.
 */
export const RIDE_STATUSES = ['requested', 'responded', 'accepted', 'picked-up', 'completed', 'cancelled', 'disputed'] as const;
export type RideStatus = (typeof RIDE_STATUSES)[number];

export const RIDE_ACTIONS = [
  'offer',
  'respond-accept',
  'respond-decline',
  'reconcile-progress',
  'reconcile-complete',
  'reconcile-fail',
  'pickup-retry',
  'pickup-verified',
  'pickup-fail',
  'complete',
  'cancel',
  'dispute',
  'resolve-complete',
  'resolve-cancel',
] as const;
export type RideAction = (typeof RIDE_ACTIONS)[number];

const TABLE: Readonly<Record<RideStatus, Partial<Readonly<Record<RideAction, RideStatus>>>>> = {
  requested: {
    // The operator offers the request to a driver; a decline returns it for another offer.
    offer: 'requested',
    'respond-decline': 'requested',
    'respond-accept': 'responded',
    cancel: 'cancelled',
  },
  responded: {
    // FIG. 6: one party's hashes matched or an updated location was asked for.
    'reconcile-progress': 'responded',
    'reconcile-complete': 'accepted',
    'reconcile-fail': 'disputed',
    cancel: 'cancelled',
  },
  accepted: {
    // FIG. 7 step 708: too far, or an identity check failed with attempts left.
    'pickup-retry': 'accepted',
    'pickup-verified': 'picked-up',
    'pickup-fail': 'disputed',
    cancel: 'cancelled',
    dispute: 'disputed',
  },
  'picked-up': { complete: 'completed', dispute: 'disputed' },
  completed: { dispute: 'disputed' },
  disputed: { 'resolve-complete': 'completed', 'resolve-cancel': 'cancelled' },
  cancelled: {},
};

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(status: RideStatus, action: RideAction): RideStatus | undefined {
  return TABLE[status][action];
}

/** Actions allowed from a status, in table order (for error messages). */
export function allowedActions(status: RideStatus): RideAction[] {
  return RIDE_ACTIONS.filter((action) => TABLE[status][action] !== undefined);
}

/** Rides that can still change without an operator's dispute resolution. */
export function isOpen(status: RideStatus): boolean {
  return status === 'requested' || status === 'responded' || status === 'accepted' || status === 'picked-up';
}
