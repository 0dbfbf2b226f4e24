import type * as grpc from '@grpc/grpc-js';
import { connect, signers, type Gateway, type Identity, type Signer } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A fabric-gateway connection over an existing gRPC client (so TLS is already set up) with any
 * identity and signer: other orgs' users, foreign certificates, tampering signers, or none at all
 * for offline signing.
 */
export function gatewayFor(client: grpc.Client, identity: Identity, signer?: Signer): Gateway {
  return connect({
    client,
    identity,
    ...(signer ? { signer } : {}),
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 20_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
}

export interface UserCredentials {
  readonly identity: Identity;
  readonly signer: Signer;
}

/** A user of the orderer org, from the test-network layout of a running network's data dir. */
export async function ordererOrgUser(dataDir: string, user = 'Admin', domain = 'orderer.mobility.example', mspId = 'OrdererMSP'): Promise<UserCredentials> {
  const msp = path.join(dataDir, 'organizations', 'ordererOrganizations', domain, 'users', `${user}@${domain}`, 'msp');
  const certificate = await fs.readFile(path.join(msp, 'signcerts', 'cert.pem'));
  const keyFiles = await fs.readdir(path.join(msp, 'keystore'));
  const keyPem = await fs.readFile(path.join(msp, 'keystore', keyFiles[0] ?? 'priv_sk'));
  return { identity: { mspId, credentials: certificate }, signer: signers.newPrivateKeySigner(createPrivateKey(keyPem)) };
}
