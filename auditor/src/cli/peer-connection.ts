/**
 * Connecting the unchanged fabric-gateway client to one org's peer, as Fabric's samples do: the peer
 * endpoint and TLS root from a connection profile (test-network's connection-<org>.json), the
 * user's certificate and key from an MSP directory (signcerts/, keystore/). For an embedded network's
 * data directory both are found from the org name.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { consortium } from '@mobility-ledger/network/dist/consortium/consortium';

export interface ConnectionOptions {
  /** An embedded network's data directory (with --org): profile and user MSP found inside. */
  readonly dataDir?: string;
  /** Org name (oem, mobility, audit) or MSP ID, with --data-dir. */
  readonly org?: string;
  /** User under the org's users/ directory, with --data-dir. */
  readonly user?: string;
  /** A connection profile (JSON, as test-network's ccp-generate.sh writes it), with --msp-dir. */
  readonly connectionProfile?: string;
  /** The user's MSP directory (signcerts/, keystore/). */
  readonly mspDir?: string;
  readonly mspId?: string;
  /** Peer name in the profile; the first peer of the client's organization by default. */
  readonly peer?: string;
  readonly channel: string;
}

export interface PeerConnection {
  readonly gateway: Gateway;
  readonly network: Network;
  readonly mspId: string;
  readonly endpoint: string;
  close(): void;
}

export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

interface ProfileEndpoint {
  url?: string;
  tlsCACerts?: { pem?: string | string[]; path?: string };
  grpcOptions?: Record<string, string>;
}

interface ConnectionProfileFile {
  client?: { organization?: string };
  organizations?: Record<string, { mspid?: string; peers?: string[] }>;
  peers?: Record<string, ProfileEndpoint>;
}

interface ResolvedConnection {
  readonly address: string;
  readonly tlsRootPem: string;
  readonly hostnameOverride: string | undefined;
  readonly mspId: string;
  readonly mspDir: string;
}

async function readProfile(file: string): Promise<ConnectionProfileFile> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text) as ConnectionProfileFile;
  } catch (error) {
    throw new ConnectionError(`connection profile ${file} does not parse: ${(error as Error).message}`);
  }
}

async function firstFile(dir: string, what: string): Promise<Buffer> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).sort();
  if (!names[0]) throw new ConnectionError(`no ${what} in ${dir}`);
  return fs.readFile(path.join(dir, names[0]));
}

async function fromProfile(profileFile: string, options: ConnectionOptions): Promise<ResolvedConnection> {
  const profile = await readProfile(profileFile);
  const organization = profile.client?.organization;
  const org = organization ? profile.organizations?.[organization] : undefined;
  const peerName = options.peer ?? org?.peers?.[0] ?? Object.keys(profile.peers ?? {})[0];
  const endpoint = peerName ? profile.peers?.[peerName] : undefined;
  if (!peerName || !endpoint?.url) throw new ConnectionError(`connection profile ${profileFile} names no peer${options.peer ? ` '${options.peer}'` : ''} with a url`);
  const pem = endpoint.tlsCACerts?.pem;
  const tlsRootPem = Array.isArray(pem) ? pem.join('\n') : (pem ?? (endpoint.tlsCACerts?.path ? await fs.readFile(path.resolve(path.dirname(profileFile), endpoint.tlsCACerts.path), 'utf8') : undefined));
  if (!tlsRootPem) throw new ConnectionError(`peer ${peerName} in ${profileFile} has no tlsCACerts`);
  const mspId = options.mspId ?? org?.mspid;
  if (!mspId) throw new ConnectionError(`no MSP ID: give --msp-id or a profile whose client organization has an mspid`);
  if (!options.mspDir) throw new ConnectionError('give --msp-dir: the MSP directory of the user to connect as');
  return {
    address: endpoint.url.replace(/^grpcs?:\/\//, ''),
    tlsRootPem,
    hostnameOverride: endpoint.grpcOptions?.['ssl-target-name-override'] ?? endpoint.grpcOptions?.hostnameOverride,
    mspId,
    mspDir: options.mspDir,
  };
}

/** An embedded network's data directory: connection-<name>.json and users/<user>@<domain>/msp of the org. */
async function fromDataDir(dataDir: string, options: ConnectionOptions): Promise<ResolvedConnection> {
  const wanted = options.org ?? 'audit';
  const org = consortium.peerOrgs.find((candidate) => candidate.name === wanted || candidate.mspId === wanted);
  if (!org) throw new ConnectionError(`unknown org '${wanted}'; expected one of ${consortium.peerOrgs.map((candidate) => candidate.name).join(', ')}`);
  const orgDir = path.join(dataDir, 'organizations', 'peerOrganizations', org.domain);
  const user = options.user ?? 'User1';
  return fromProfile(path.join(orgDir, `connection-${org.name}.json`), {
    ...options,
    mspId: org.mspId,
    mspDir: path.join(orgDir, 'users', `${user}@${org.domain}`, 'msp'),
  });
}

export async function resolveConnection(options: ConnectionOptions): Promise<ResolvedConnection> {
  if (options.connectionProfile) return fromProfile(options.connectionProfile, options);
  if (options.dataDir) return fromDataDir(options.dataDir, options);
  throw new ConnectionError('give --data-dir (embedded network) or --connection-profile with --msp-dir');
}

export async function connectToPeer(options: ConnectionOptions): Promise<PeerConnection> {
  const resolved = await resolveConnection(options);
  const certificate = await firstFile(path.join(resolved.mspDir, 'signcerts'), 'certificate');
  const key = createPrivateKey(await firstFile(path.join(resolved.mspDir, 'keystore'), 'private key'));
  const client = new grpc.Client(resolved.address, grpc.credentials.createSsl(Buffer.from(resolved.tlsRootPem)), {
    ...(resolved.hostnameOverride ? { 'grpc.ssl_target_name_override': resolved.hostnameOverride } : {}),
    'grpc.max_receive_message_length': 100 * 1024 * 1024,
  });
  const gateway = connect({
    client,
    identity: { mspId: resolved.mspId, credentials: certificate },
    signer: signers.newPrivateKeySigner(key),
    evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
  });
  return {
    gateway,
    network: gateway.getNetwork(options.channel),
    mspId: resolved.mspId,
    endpoint: resolved.address,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
