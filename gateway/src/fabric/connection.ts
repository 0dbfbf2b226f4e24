import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type GatewayConfig } from '../config/gateway-config';

/** The org's connection to its peer: one gRPC channel, one fabric-gateway Gateway, the channel's Network. */
export interface FabricConnection {
  readonly client: grpc.Client;
  readonly gateway: Gateway;
  readonly network: Network;
  /** A contract of the configured chaincode (`''` = the default contract). */
  contract(name: string): Contract;
  close(): void;
}

/** A key file, or the one key in a keystore directory (test-network names it `<ski>_sk` or `priv_sk`). */
export function readPrivateKeyPem(keyPath: string): Buffer {
  let file = keyPath;
  if (statSync(keyPath).isDirectory()) {
    const names = readdirSync(keyPath).filter((name) => !name.startsWith('.')).sort();
    const preferred = names.find((name) => name.endsWith('_sk')) ?? names[0];
    if (!preferred) throw new ConfigError(`keystore ${keyPath} holds no key`);
    file = path.join(keyPath, preferred);
  }
  return readFileSync(file);
}

function readFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${what} ${file}: ${(error as Error).message}`);
  }
}

/** Connects as the configured identity, the way Fabric's samples connect fabric-gateway. */
export function openFabricConnection(config: GatewayConfig): FabricConnection {
  const tlsRoot = readFile(config.peer.tlsRootCertPath, 'TLS root certificate');
  const certificate = readFile(config.identity.certPath, 'identity certificate');
  let keyPem: Buffer;
  try {
    keyPem = readPrivateKeyPem(config.identity.keyPath);
  } catch (error) {
    throw error instanceof ConfigError ? error : new ConfigError(`identity key ${config.identity.keyPath}: ${(error as Error).message}`);
  }
  const options: grpc.ChannelOptions = config.peer.hostAlias ? { 'grpc.ssl_target_name_override': config.peer.hostAlias } : {};
  const client = new grpc.Client(config.peer.endpoint, grpc.credentials.createSsl(tlsRoot), options);
  const { timeouts } = config;
  const gateway = connect({
    client,
    identity: { mspId: config.mspId, credentials: certificate },
    signer: signers.newPrivateKeySigner(createPrivateKey(keyPem)),
    // Defaults for callers other than the ledger client (which sets a deadline per call).
    evaluateOptions: () => ({ deadline: Date.now() + timeouts.evaluateMs }),
    endorseOptions: () => ({ deadline: Date.now() + timeouts.endorseMs }),
    submitOptions: () => ({ deadline: Date.now() + timeouts.submitMs }),
    commitStatusOptions: () => ({ deadline: Date.now() + timeouts.commitStatusMs }),
  });
  const network = gateway.getNetwork(config.channel);
  let closed = false;
  return {
    client,
    gateway,
    network,
    contract: (name) => network.getContract(config.chaincode, name || undefined),
    close: () => {
      if (closed) return;
      closed = true;
      gateway.close();
      client.close();
    },
  };
}
