/**
 * Chooses which orgs must endorse a transaction, as Fabric's discovery-driven gateway does: the
 * smallest set of orgs (the gateway's own org first) that satisfies every policy the transaction
 * is validated against (the chaincode policy and the key-level policies of the keys it writes).
 */
export type OrgSetPolicy = (orgs: ReadonlySet<string>) => boolean;

export class NoEndorsementPlanError extends Error {
  override name = 'NoEndorsementPlanError';
}

export function planEndorsingOrgs(localOrg: string, availableOrgs: readonly string[], policies: readonly OrgSetPolicy[]): string[] {
  const ordered = [localOrg, ...availableOrgs.filter((org) => org !== localOrg)].filter((org) => availableOrgs.includes(org));
  const candidates = subsetsBySize(ordered);
  for (const subset of candidates) {
    const set = new Set(subset);
    if (policies.every((policy) => policy(set))) return subset;
  }
  throw new NoEndorsementPlanError(
    'no combination of peers can be derived which satisfy the endorsement policy: no peer combination can satisfy the endorsement policy',
  );
}

/** Every non-empty subset, smallest first; within a size, subsets containing earlier orgs first. */
function subsetsBySize(orgs: readonly string[]): string[][] {
  const all: string[][] = [];
  const total = 1 << orgs.length;
  for (let mask = 1; mask < total; mask++) {
    all.push(orgs.filter((_, index) => (mask & (1 << index)) !== 0));
  }
  return all.sort((a, b) => a.length - b.length || rank(a, orgs) - rank(b, orgs));
}

function rank(subset: readonly string[], orgs: readonly string[]): number {
  return subset.reduce((sum, org) => sum + (1 << (orgs.length - orgs.indexOf(org))), 0) * -1;
}
