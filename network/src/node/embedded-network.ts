import * as grpc from '@grpc/grpc-js';
import type { common } from '@hyperledger/fabric-protos';
import path from 'node:path';
import type { Logger } from 'pino';
import { ChaincodeConnection, ChaincodeProcess, ChaincodeSupport, LedgerStateReader, packageIdFor, type ChaincodeLogger } from '../chaincode';
import { logLevelGatePreload } from '../chaincode/log-level-gate';
import { CommitNotifier } from '../committer/commit-notifier';
import { consortium, withPortOffset, type ConsortiumDefinition } from '../consortium/consortium';
import { addDeliverService } from '../deliver/deliver-service';
import { Endorser } from '../endorser/endorser';
import type { EndorserChannel } from '../endorser/ports';
import type { GatewayContext, GatewayPeer } from '../gateway/gateway-context';
import { addGatewayService } from '../gateway/gateway-server';
import { KvLedger, btlPolicyFromChaincodes } from '../ledger';
import { createChannelMspManager, ensureCryptoMaterial, writeConnectionProfiles, type CryptoMaterial } from '../msp';
import { OperationsServer } from '../operations/operations-server';
import { batchConfigFrom } from '../orderer/blockcutter';
import { tipAfter } from '../orderer/block-writer';
import { createGenesisBlock } from '../orderer/genesis';
import { OrderingService } from '../orderer/orderer';
import { ChannelAccess } from '../peer/channel-access';
import { Committer } from '../peer/committer';
import { DisseminatingSimulator } from '../peer/disseminating-simulator';
import { LedgerBlockSource } from '../peer/ledger-block-source';
import { LedgerStateView } from '../peer/ledger-state-view';
import { TransientStore } from '../peer/transient-store';
import { BlockHashIndex, createPeerSystemChaincodes, DeliverPrivateData } from '../scc';
import { NetworkMetrics } from './network-metrics';
import { parentWatchdogEnv } from './parent-watchdog';

export interface EmbeddedNetworkOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly portOffset?: number;
  readonly batchTimeoutMs?: number;
  readonly maxMessageCount?: number;
  /** The chaincode package to run as a service; the repository's chaincode/ by default. */
  readonly chaincodePackageDir?: string;
  readonly definition?: ConsortiumDefinition;
  readonly endorsementTimeoutMs?: number;
}

export interface PeerDescription {
  readonly mspId: string;
  readonly domain: string;
  readonly endpoint: string;
  readonly peerPort: number;
  readonly operationsPort: number;
  readonly connectionProfile: string;
}

export interface NetworkDescription {
  readonly dataDir: string;
  readonly channel: string;
  readonly chaincode: string;
  readonly startupMs: number;
  readonly blockHeight: number;
  /** Blocks the ledger replayed into state on start (non-zero after a crash between block and state commit). */
  readonly replayedBlocks: number;
  readonly peers: readonly PeerDescription[];
}

const DEFAULT_CHAINCODE_DIR = path.resolve(__dirname, '..', '..', '..', 'chaincode');

/**
 * The whole dev network in one process: one peer per application org (each with its own identity,
 * endorser, gateway and deliver services on its own TLS port), one solo orderer, the chaincode as a
 * service, and a shared ledger whose private data stores are kept per org.
 */
export class EmbeddedNetwork {
  private constructor(
    private readonly description: NetworkDescription,
    private readonly closers: (() => Promise<void>)[],
  ) {}

  describe(): NetworkDescription {
    return this.description;
  }

  async stop(): Promise<void> {
    for (const close of [...this.closers].reverse()) {
      await close().catch(() => undefined);
    }
  }

  static async start(options: EmbeddedNetworkOptions): Promise<EmbeddedNetwork> {
    const started = process.hrtime.bigint();
    const logger = options.logger;
    const definition = withPortOffset(options.definition ?? consortium, options.portOffset ?? 0);
    const channelId = definition.channelName;
    const closers: (() => Promise<void>)[] = [];
    const network = new EmbeddedNetwork(undefined as never, closers);
    try {
      const material = await ensureCryptoMaterial(options.dataDir, definition);
      const profiles = await writeConnectionProfiles(material, definition);
      const msps = createChannelMspManager(material);
      const ledger = await KvLedger.open({
        rootDir: path.join(options.dataDir, 'ledgersData'),
        channelId,
        pvtDataOrgs: definition.peerOrgs.map((org) => org.mspId),
        btlPolicy: btlPolicyFromChaincodes([definition.chaincode]),
      });
      closers.push(() => ledger.close());

      const metrics = new NetworkMetrics(channelId);
      const stateView = new LedgerStateView(ledger);
      const access = new ChannelAccess(msps, definition, stateView);
      const notifier = new CommitNotifier({
        transactionStatus: async (txId) => {
          const status = await ledger.getTxStatus(txId);
          return status ? { code: status.validationCode, blockNumber: status.blockNum } : undefined;
        },
      });
      const transientStore = new TransientStore();
      const committer = new Committer(ledger, { channelId, chaincodeName: definition.chaincode.name, state: stateView, policies: access }, notifier, transientStore, metrics.ledger);

      if (ledger.height === 0) {
        await committer.commitBlock(genesisBlock(material, definition));
        logger.info({ channelId }, 'created channel from its genesis block');
      }
      const lastBlock = await ledger.getBlockByNumber(ledger.height - 1);
      const orderer = new OrderingService({
        channelId,
        batch: batchConfigFrom(definition.batch, {
          ...(options.batchTimeoutMs !== undefined ? { batchTimeoutMs: options.batchTimeoutMs } : {}),
          ...(options.maxMessageCount !== undefined ? { maxMessageCount: options.maxMessageCount } : {}),
        }),
        signer: material.ordererOrg.orderer.signer,
        tip: tipAfter(lastBlock),
        onBlock: (block: common.Block) => committer.commitBlock(block),
        checkWriters: ({ identity, data, signature }) => access.checkBroadcastWriters(identity, data, signature),
        address: `${definition.ordererOrg.ordererHost}:${definition.ordererOrg.ordererPort}`,
        onError: (error) => logger.fatal({ err: error }, 'committing a block failed; ordering stopped'),
      });
      closers.push(() => orderer.close());

      const chaincodeLogger = asChaincodeLogger(logger.child({ component: 'chaincode' }));
      const chaincodeId = packageIdFor(`${definition.chaincode.name}_${definition.chaincode.version}`);
      const chaincodeProcess = await ChaincodeProcess.start({
        packageDir: options.chaincodePackageDir ?? DEFAULT_CHAINCODE_DIR,
        chaincodeId,
        env: { CORE_CHAINCODE_LOGGING_LEVEL: 'warning', CORE_CHAINCODE_LOGGING_SHIM: 'warning', ...parentWatchdogEnv() },
        // Lines below that level are dropped before winston formats them (same output, less CPU).
        preload: [logLevelGatePreload()].filter((module): module is string => module !== undefined),
        logger: chaincodeLogger,
      });
      closers.push(() => chaincodeProcess.stop());

      const blocks = new LedgerBlockSource(ledger);
      const hashIndex = new BlockHashIndex(ledger);
      const peers: GatewayPeer[] = [];
      for (const org of definition.peerOrgs) {
        const orgMaterial = material.peerOrgs.find((candidate) => candidate.mspId === org.mspId);
        if (!orgMaterial) throw new Error(`no crypto material for ${org.mspId}`);
        const connection = new ChaincodeConnection({ address: chaincodeProcess.address }, { expectedChaincodeId: chaincodeId, logger: chaincodeLogger, metrics: metrics.shim });
        closers.push(async () => connection.close());
        const support = new ChaincodeSupport({
          channelId,
          definition: definition.chaincode,
          channelOrgMspIds: definition.peerOrgs.map((candidate) => candidate.mspId),
          state: new LedgerStateReader(ledger, org.mspId),
          chaincode: connection,
        });
        const simulator = new DisseminatingSimulator(support, definition.chaincode.collections, transientStore, () => ledger.height);
        const channel: EndorserChannel = {
          channelId,
          chaincodeName: definition.chaincode.name,
          chaincodeVersion: definition.chaincode.version,
          identities: access,
          acl: access,
          ledger: { hasTransaction: (txId) => ledger.isDuplicateTxId(txId) },
        };
        const systemChaincodes = createPeerSystemChaincodes({ definition, localMspId: org.mspId, ledger, identities: access, hashIndex, packageId: chaincodeId });
        const endorser = new Endorser(orgMaterial.peer.signer, new Map([[channelId, channel]]), simulator, systemChaincodes);
        peers.push({ mspId: org.mspId, address: `peer0.${org.domain}:${org.peerPort}`, endorser });
      }

      const described: PeerDescription[] = [];
      for (const org of definition.peerOrgs) {
        const orgMaterial = material.peerOrgs.find((candidate) => candidate.mspId === org.mspId);
        if (!orgMaterial) continue;
        const context: GatewayContext = {
          localMspId: org.mspId,
          channelId,
          chaincodeName: definition.chaincode.name,
          peers,
          orderer: { address: `${definition.ordererOrg.ordererHost}:${definition.ordererOrg.ordererPort}`, broadcast: (envelope) => orderer.broadcast(envelope) },
          commits: notifier,
          blocks,
          policies: access,
          collections: definition.chaincode.collections,
          endorsementTimeoutMs: options.endorsementTimeoutMs ?? 30_000,
        };
        const server = new grpc.Server({ 'grpc.max_receive_message_length': 100 * 1024 * 1024, 'grpc.max_send_message_length': 100 * 1024 * 1024 });
        addGatewayService(server, context);
        const privateData = deliverPrivateData(ledger, org.mspId, definition, access);
        addDeliverService(server, { channelId, blocks, policies: access, privateDataFor: (blockNumber, creator) => privateData.forBlock(blockNumber, creator) });
        const credentials = grpc.ServerCredentials.createSsl(null, [
          { private_key: Buffer.from(orgMaterial.peer.tls.privateKeyPem), cert_chain: Buffer.from(orgMaterial.peer.tls.certificatePem) },
        ]);
        await bind(server, `127.0.0.1:${org.peerPort}`, credentials);
        closers.push(() => shutdown(server));
        const operations = new OperationsServer(metrics.registry, [{ component: 'ledger', check: async () => void ledger.height }], '2.5.0-embedded');
        await operations.listen(org.operationsPort);
        closers.push(() => operations.close());
        const profile = profiles.find((candidate) => candidate.mspId === org.mspId);
        described.push({
          mspId: org.mspId,
          domain: org.domain,
          endpoint: `localhost:${org.peerPort}`,
          peerPort: org.peerPort,
          operationsPort: org.operationsPort,
          connectionProfile: profile?.jsonPath ?? '',
        });
      }
      const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
      const description: NetworkDescription = {
        dataDir: options.dataDir,
        channel: channelId,
        chaincode: definition.chaincode.name,
        startupMs: Math.round(startupMs),
        blockHeight: ledger.height,
        replayedBlocks: ledger.blocksReplayedOnOpen,
        peers: described,
      };
      logger.info(description, 'embedded network ready');
      return new EmbeddedNetwork(description, closers);
    } catch (error) {
      await network.stop();
      throw error;
    }
  }
}

function genesisBlock(material: CryptoMaterial, definition: ConsortiumDefinition): common.Block {
  const certificates: Record<string, { caCertPem: string; tlsCaCertPem: string }> = {};
  for (const org of [...material.peerOrgs, material.ordererOrg]) {
    certificates[org.mspId] = { caCertPem: org.caCertificatePem, tlsCaCertPem: org.tlsCaCertificatePem };
  }
  return createGenesisBlock({ definition, certificates });
}

/** What DeliverWithPrivateData sends from this org's peer: its own private data store, filtered per requester. */
function deliverPrivateData(ledger: KvLedger, mspId: string, definition: ConsortiumDefinition, access: ChannelAccess): DeliverPrivateData {
  const store = ledger.pvtStores.get(mspId);
  if (!store) throw new Error(`the ledger keeps no private data of ${mspId}`);
  return new DeliverPrivateData({ chaincodeName: definition.chaincode.name, collections: definition.chaincode.collections, store, identities: access });
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2_000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function asChaincodeLogger(logger: Logger): ChaincodeLogger {
  return {
    debug: (message) => logger.debug(message),
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  };
}
