import { expect } from 'chai';
import { E2eNetwork } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';
import { submitRegistration } from '../support/device-registration';
import { consortium } from '@mobility-ledger/network/dist/consortium/consortium';
import { parsePrometheus, sumSamples, type MetricSample } from '../support/prometheus-text';

const PORT_OFFSET = 11500;

/**
 * The peers' operations service, as Fabric's: /healthz and Prometheus /metrics with Fabric's metric
 * names, which tell an operator what the ledger and the chaincode are doing.
 */
describe('end to end: the operations service of the peers', function () {
  this.timeout(120_000);
  let network: E2eNetwork | undefined;

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
  });

  after(async () => {
    await tearDownNetwork(network);
  });

  function operationsUrl(mspId: string, path: string): string {
    const peer = network?.process.ready.peers.find((candidate) => candidate.mspId === mspId);
    if (!peer) throw new Error(`no peer for ${mspId}`);
    return `http://127.0.0.1:${peer.operationsPort}${path}`;
  }

  async function metrics(mspId: string): Promise<MetricSample[]> {
    const answer = await fetch(operationsUrl(mspId, '/metrics'));
    expect(answer.status).to.equal(200);
    return parsePrometheus(await answer.text());
  }

  it('answers /healthz with OK', async () => {
    const answer = await fetch(operationsUrl('OemMSP', '/healthz'));
    expect(answer.status).to.equal(200);
    expect(((await answer.json()) as { status: string }).status).to.equal('OK');
  });

  it('counts the committed transaction, the new block and the chaincode requests it made', async () => {
    if (!network) throw new Error('network did not start');
    const before = await metrics('OemMSP');
    const registration = await submitRegistration(network.clients.oem.contract(), 'OemMSP');
    const status = await registration.submitted.getStatus();
    expect(status.successful).to.equal(true);
    const after = await metrics('OemMSP');

    const count = (samples: MetricSample[], name: string, labels: Record<string, string> = {}): number => sumSamples(samples, name, labels);
    // Fabric's labels: the transaction type, the chaincode as name:version, the validation code by name.
    const validOfChaincode = { channel: 'mobility', transaction_type: 'ENDORSER_TRANSACTION', chaincode: `mobility:${consortium.chaincode.version}`, validation_code: 'VALID' };
    expect(count(after, 'ledger_transaction_count', validOfChaincode) - count(before, 'ledger_transaction_count', validOfChaincode)).to.be.at.least(1);
    expect(count(after, 'gossip_state_commit_duration_count', { channel: 'mobility' })).to.be.greaterThan(count(before, 'gossip_state_commit_duration_count', { channel: 'mobility' }));
    expect(count(after, 'ledger_blockchain_height', { channel: 'mobility' })).to.be.at.least(Number(status.blockNumber) + 1);
    // devices:Register reads the device and its nonce and writes both: GET_STATE and PUT_STATE requests
    // of the chaincode, each received and completed successfully.
    for (const type of ['GET_STATE', 'PUT_STATE']) {
      const completed = count(after, 'chaincode_shim_requests_completed', { type, channel: 'mobility', success: 'true' }) - count(before, 'chaincode_shim_requests_completed', { type, channel: 'mobility', success: 'true' });
      const received = count(after, 'chaincode_shim_requests_received', { type, channel: 'mobility' }) - count(before, 'chaincode_shim_requests_received', { type, channel: 'mobility' });
      expect(completed, `${type} completed`).to.be.at.least(1);
      expect(received, `${type} received`).to.equal(completed);
    }
  });
});
