import type { Contract } from '@hyperledger/fabric-gateway';
import { canonicalJson } from '@mobility-ledger/chaincode';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { createHash } from 'node:crypto';
import { signedRequest } from './e2e-network';

/**
 * A ride-share RequestRide (chaincode/src/rideshare/README.md): the one transaction with transient
 * data that a fresh network accepts after a few setup steps, and it writes `operatorPrivate`, whose
 * only member is MobilityMSP. Used to exercise transient data through the gateway.
 */

export const TERMS = { version: 1, documentHash: sha256Hex('mobility-ledger ride-share terms, e2e') };

export interface RideRequest {
  /** The signed device request, the transaction's one argument. */
  readonly argument: string;
  readonly transientData: Record<string, Uint8Array>;
  /** The request details opening, as ReadPrivateItem returns it (canonical JSON). */
  readonly detailsJson: string;
  /** A secret that travels only as transient data: it must never reach a block. */
  readonly secret: string;
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

const hex32 = (): string => hexlify(randomBytes(32)).slice(2);

/** Publishes the ride-share terms; once per network, through a MobilityMSP client. */
export async function publishTerms(operator: Contract): Promise<void> {
  await operator.submitTransaction('rideshare:PublishTerms', JSON.stringify(TERMS));
}

/** Registers a rider phone (vouched for by MobilityMSP) that accepts the published terms. */
export async function registerRider(operator: Contract): Promise<Wallet> {
  const rider = new Wallet(hexlify(randomBytes(32)));
  const registration = await signedRequest(rider, 'devices.register', { publicKey: rider.signingKey.publicKey, type: 'rider-phone' });
  await operator.submitTransaction('devices:Register', JSON.stringify(registration));
  const acceptance = await signedRequest(rider, 'rideshare.acceptTerms', TERMS);
  await operator.submitTransaction('rideshare:AcceptTerms', JSON.stringify(acceptance));
  return rider;
}

/** A RequestRide signed by the rider, with its openings in transient data. */
export async function rideRequest(rider: Wallet): Promise<RideRequest> {
  const details = {
    salt: hex32(),
    pickup: { latE6: 48_137_154, lonE6: 11_576_124 },
    destination: { latE6: 48_353_783, lonE6: 11_786_086 },
    riderParametersHash: hex32(),
  };
  const riderKeyPart = hex32();
  const ledgerKeyPart = hex32();
  const request = await signedRequest(rider, 'rideshare.requestRide', {
    requestedAtMs: Date.now(),
    detailsCommitment: sha256Hex(canonicalJson(details)),
    keyPartCommitment: sha256Hex(canonicalJson({ kind: 'rideshare.keyPart', part: riderKeyPart })),
  });
  return {
    argument: JSON.stringify(request),
    transientData: {
      rideRequest: Buffer.from(JSON.stringify(details)),
      riderKeyPart: Buffer.from(riderKeyPart),
      ledgerKeyPart: Buffer.from(ledgerKeyPart),
    },
    detailsJson: canonicalJson(details),
    secret: ledgerKeyPart,
  };
}
