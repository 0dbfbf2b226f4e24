import { common, peer } from '@hyperledger/fabric-protos';
import { KvLedger } from '@mobility-ledger/network/dist/ledger';
import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fetchBlocks } from '../support/block-fetch';
import { blockSummaries, chainProblems, transactionsFilter } from '../support/block-verification';
import { mapLimit } from '../support/concurrency';
import { ORGS } from '../support/e2e-network';
import { connectAsOrgUser, type ClientConnection } from '../support/fabric-client';
import { NetworkProcess } from '../support/network-process';
import { readyCounters } from '../support/network-process-report';
import { skipUnlessEmbedded } from '../support/fabric-target';
import { runRegistrationLoad, type CommittedRegistration, type LoadWorker } from '../support/registration-load';
import { replayNamespace } from '../support/state-replay';

const PORT_OFFSET = 10300;
const CHANNEL = 'mobility';
const NAMESPACE = 'mobility';
const BATCH_TIMEOUT_MS = 20;
/** Commits reported VALID before each SIGKILL: two crashes at different points of the chain. */
const KILL_AFTER_COMMITS = [200, 100];
const WORKERS_PER_ORG = 4;
const utf8 = new TextDecoder();

type Connections = Map<string, ClientConnection[]>;

async function connectAll(network: NetworkProcess, perOrg: number): Promise<Connections> {
  const connections: Connections = new Map();
  for (const org of Object.values(ORGS)) {
    const peerPort = network.ready.peers.find((candidate) => candidate.mspId === org.mspId)?.peerPort;
    if (peerPort === undefined) throw new Error(`no peer for ${org.mspId}`);
    const list: ClientConnection[] = [];
    for (let i = 0; i < perOrg; i += 1) list.push(await connectAsOrgUser(network.ready.dataDir, { ...org, peerPort }, 'User1', CHANNEL));
    connections.set(org.mspId, list);
  }
  return connections;
}

function closeAll(connections: Connections | undefined): void {
  for (const list of connections?.values() ?? []) for (const connection of list) connection.close();
}

function firstConnection(connections: Connections, mspId: string): ClientConnection {
  const connection = connections.get(mspId)?.[0];
  if (!connection) throw new Error(`no connection for ${mspId}`);
  return connection;
}

describe('end to end: SIGKILL of the network under write load', function () {
  this.timeout(180_000);
  const dataDir = NetworkProcess.newDataDir();
  let network: NetworkProcess | undefined;
  let connections: Connections | undefined;
  const committed: CommittedRegistration[] = [];
  let blocks: common.Block[] = [];

  const start = async (): Promise<{ network: NetworkProcess; wallMs: number }> => {
    const began = performance.now();
    const started = await NetworkProcess.start({ portOffset: PORT_OFFSET, dataDir, batchTimeoutMs: BATCH_TIMEOUT_MS });
    return { network: started, wallMs: performance.now() - began };
  };

  before(async function () {
    skipUnlessEmbedded(this, 'SIGKILL of the network process and reading its ledger files');
    network = (await start()).network;
    connections = await connectAll(network, WORKERS_PER_ORG);
  });

  after(async () => {
    closeAll(connections);
    await network?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  KILL_AFTER_COMMITS.forEach((killAfter, round) => {
    it(`crash ${round + 1}: keeps every reported commit after SIGKILL following ${killAfter} commits`, async () => {
      const workers: LoadWorker[] = [...connections!].flatMap(([mspId, list]) => list.map((connection) => ({ mspId, connection })));
      const victim = network!;
      const result = await runRegistrationLoad(workers, killAfter, () => victim.kill());
      closeAll(connections);
      connections = undefined;
      expect(result.errors.map((error) => error.message)).to.deep.equal([]);
      expect(result.invalid).to.deep.equal([]);
      committed.push(...result.committed);

      const restarted = await start();
      network = restarted.network;
      console.log(
        `      crash ${round + 1}: ${workers.length} clients, ${result.committed.length} commits reported in ${Math.round(result.elapsedMs)} ms ` +
          `(${((killAfter * 1000) / result.elapsedMs).toFixed(0)} commits/s); restart to ready ${Math.round(restarted.wallMs)} ms ` +
          `(in-process ${network.ready.startupMs} ms), height ${readyCounters(network.ready).blockHeight}, ` +
          `blocks replayed ${readyCounters(network.ready).replayedBlocks}`,
      );
      connections = await connectAll(network, WORKERS_PER_ORG);

      // Every commit the network ever reported keeps its status and block; the devices of this round's
      // commits (those closest to the crash) are readable through the chaincode.
      const problems = await mapLimit(committed, 16, async (tx, index) => {
        const connection = firstConnection(connections!, tx.mspId);
        const status = await connection.gateway.newCommit(tx.commitBytes).getStatus();
        if (status.code !== peer.TxValidationCode.VALID || Number(status.blockNumber) !== tx.blockNumber) {
          return `${tx.txId}: now code ${status.code} in block ${status.blockNumber}, was VALID in block ${tx.blockNumber}`;
        }
        if (index < committed.length - result.committed.length) return undefined;
        const device = JSON.parse(utf8.decode(await connection.contract().evaluateTransaction('devices:Get', tx.address))) as { registeredTxId: string };
        return device.registeredTxId === tx.txId ? undefined : `${tx.address}: registered by ${device.registeredTxId}, expected ${tx.txId}`;
      });
      expect(problems.filter((problem) => problem !== undefined)).to.deep.equal([]);
    });
  });

  it('serves a chain from block 0 that verifies and holds every reported transaction where it was reported', async () => {
    const height = readyCounters(network!.ready).blockHeight;
    blocks = await fetchBlocks(firstConnection(connections!, 'AuditMSP').gateway, height - 1, CHANNEL);
    expect(blocks).to.have.length(height);
    expect(chainProblems(blocks)).to.deep.equal([]);

    const located = new Map<string, { blockNumber: number; code: number }>();
    for (const block of blocks) {
      const filter = transactionsFilter(block);
      blockSummaries(block).forEach((tx, index) => located.set(tx.txId, { blockNumber: block.getHeader()!.getNumber(), code: filter[index]! }));
    }
    const misplaced = committed.filter((tx) => {
      const found = located.get(tx.txId);
      return found?.blockNumber !== tx.blockNumber || found.code !== peer.TxValidationCode.VALID;
    });
    expect(misplaced.map((tx) => tx.txId)).to.deep.equal([]);
  });

  it('has world state equal to a replay of the valid transactions of the blocks', async () => {
    closeAll(connections);
    connections = undefined;
    await network!.stop();
    const replayed = replayNamespace(blocks, NAMESPACE);
    expect(replayed.size).to.be.greaterThan(committed.length);

    const ledger = await KvLedger.open({
      rootDir: path.join(dataDir, 'ledgersData'),
      channelId: CHANNEL,
      pvtDataOrgs: Object.values(ORGS).map((org) => org.mspId),
    });
    try {
      expect(ledger.height).to.equal(blocks.length);
      const mismatches: string[] = [];
      let stateKeys = 0;
      for await (const entry of ledger.getStateRange(NAMESPACE, '', '')) {
        stateKeys += 1;
        const expected = replayed.get(entry.key);
        if (!expected) mismatches.push(`${JSON.stringify(entry.key)}: in state, not in the replay`);
        else if (!expected.value.equals(entry.value)) mismatches.push(`${JSON.stringify(entry.key)}: value differs`);
        else if (expected.blockNum !== entry.version.blockNum || expected.txNum !== entry.version.txNum) {
          mismatches.push(`${JSON.stringify(entry.key)}: version ${entry.version.blockNum}:${entry.version.txNum}, replay ${expected.blockNum}:${expected.txNum}`);
        }
      }
      expect(mismatches).to.deep.equal([]);
      expect(stateKeys).to.equal(replayed.size);
    } finally {
      await ledger.close();
    }
  });
});
