import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Contract, type Gateway, type Identity, type Signer } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface OrgEndpoint {
  readonly mspId: string;
  readonly domain: string;
  readonly peerPort: number;
}

export interface ClientConnection {
  readonly gateway: Gateway;
  readonly client: grpc.Client;
  readonly identity: Identity;
  readonly signer: Signer;
  contract(name?: string): Contract;
  close(): void;
}

/**
 * Connects the unchanged fabric-gateway client to an org's peer the way Fabric's samples do:
 * credentials and TLS roots read from the test-network file layout.
 */
export async function connectAsOrgUser(dataDir: string, org: OrgEndpoint, user = 'User1', channel = 'mobility'): Promise<ClientConnection> {
  const orgDir = path.join(dataDir, 'organizations', 'peerOrganizations', org.domain);
  const userMsp = path.join(orgDir, 'users', `${user}@${org.domain}`, 'msp');
  const certificate = await fs.readFile(path.join(userMsp, 'signcerts', 'cert.pem'));
  const keyFiles = await fs.readdir(path.join(userMsp, 'keystore'));
  const keyPem = await fs.readFile(path.join(userMsp, 'keystore', keyFiles[0] ?? 'priv_sk'));
  const tlsRoot = await fs.readFile(path.join(orgDir, 'peers', `peer0.${org.domain}`, 'tls', 'ca.crt'));
  const client = new grpc.Client(`localhost:${org.peerPort}`, grpc.credentials.createSsl(tlsRoot), {
    'grpc.ssl_target_name_override': `peer0.${org.domain}`,
  });
  const identity: Identity = { mspId: org.mspId, credentials: certificate };
  const signer = signers.newPrivateKeySigner(createPrivateKey(keyPem));
  const gateway = connect({
    client,
    identity,
    signer,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 20_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  const network = gateway.getNetwork(channel);
  return {
    gateway,
    client,
    identity,
    signer,
    contract: (name = 'mobility') => network.getContract(name),
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
