import * as grpc from '@grpc/grpc-js';
import { connect, signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ChaincodeContract } from './chaincode-contract';

/** A connection to one peer's gateway and the chaincode on one channel. */
export interface LedgerSession {
  readonly contract: ChaincodeContract;
  readonly mspId: string;
  close(): void;
}

export interface GatewaySessionOptions {
  /** Holds `organizations/peerOrganizations/<domain>/…` in Fabric test-network layout (the embedded network's data dir). */
  readonly dataDir: string;
  /** The org's short name, as in `connection-<org>.json` (audit, oem, mobility). */
  readonly org: string;
  readonly user?: string;
  /** Overrides the profile's peer address, e.g. `localhost:11051`. */
  readonly peer?: string;
  readonly channel?: string;
  readonly chaincode?: string;
}

interface ProfileEndpoint {
  url: string;
  tlsCACerts: { pem: string };
  grpcOptions?: { 'ssl-target-name-override'?: string };
}

interface Profile {
  organizations: Record<string, { mspid: string; peers: string[] }>;
  client: { organization: string };
  peers: Record<string, ProfileEndpoint>;
}

/** Finds `connection-<org>.json` under organizations/peerOrganizations/*. */
async function findProfile(dataDir: string, org: string): Promise<{ orgDir: string; domain: string; profile: Profile }> {
  const root = path.join(dataDir, 'organizations', 'peerOrganizations');
  for (const domain of (await readdir(root)).sort()) {
    const file = path.join(root, domain, `connection-${org}.json`);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return { orgDir: path.join(root, domain), domain, profile: JSON.parse(text) as Profile };
  }
  throw new Error(`no connection-${org}.json under ${root}`);
}

/**
 * Connects the unchanged fabric-gateway client as an org user, from the connection profile and the
 * user's MSP folder, the way Fabric's samples do.
 */
export async function openGatewaySession(options: GatewaySessionOptions): Promise<LedgerSession> {
  const { orgDir, domain, profile } = await findProfile(options.dataDir, options.org);
  const organization = profile.organizations[profile.client.organization];
  const peerName = organization?.peers[0];
  const endpoint = peerName ? profile.peers[peerName] : undefined;
  if (!organization || !peerName || !endpoint) throw new Error(`connection-${options.org}.json names no peer of its organization`);
  const user = options.user ?? 'User1';
  const userMsp = path.join(orgDir, 'users', `${user}@${domain}`, 'msp');
  const certificate = await readFile(path.join(userMsp, 'signcerts', 'cert.pem'));
  const keyFiles = (await readdir(path.join(userMsp, 'keystore'))).sort();
  const keyPem = await readFile(path.join(userMsp, 'keystore', keyFiles[0] ?? 'priv_sk'));
  const address = options.peer ?? endpoint.url.replace(/^grpcs?:\/\//, '');
  const client = new grpc.Client(address, grpc.credentials.createSsl(Buffer.from(endpoint.tlsCACerts.pem)), {
    'grpc.ssl_target_name_override': endpoint.grpcOptions?.['ssl-target-name-override'] ?? peerName,
  });
  const gateway = connect({
    client,
    identity: { mspId: organization.mspid, credentials: certificate },
    signer: signers.newPrivateKeySigner(createPrivateKey(keyPem)),
    evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 30_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  const contract = gateway.getNetwork(options.channel ?? 'mobility').getContract(options.chaincode ?? 'mobility');
  return {
    contract,
    mspId: organization.mspid,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
