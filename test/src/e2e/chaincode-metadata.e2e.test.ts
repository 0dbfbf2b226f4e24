import { expect } from 'chai';
import { E2eNetwork } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';

const PORT_OFFSET = 11400;
const utf8 = new TextDecoder();

/** The contracts of the `mobility` chaincode, as chaincode/src/contracts.ts registers them. */
const MOBILITY_CONTRACTS = ['devices', 'pairing', 'rideshare', 'vinaudit', 'vinaudit.lots', 'vinaudit.crowd', 'vinaudit.history', 'trail'];

interface ChaincodeMetadata {
  contracts: Record<string, { name: string; transactions: { name: string }[] }>;
}

describe('end to end: org.hyperledger.fabric:GetMetadata, how Fabric tooling discovers the contracts', function () {
  this.timeout(120_000);
  let network: E2eNetwork | undefined;

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
  });

  after(async () => {
    await tearDownNetwork(network);
  });

  it('returns JSON that lists every contract of the chaincode with its transactions', async () => {
    if (!network) throw new Error('network did not start');
    const contract = network.clients.mobility.gateway.getNetwork('mobility').getContract('mobility', 'org.hyperledger.fabric');
    const metadata = JSON.parse(utf8.decode(await contract.evaluateTransaction('GetMetadata'))) as ChaincodeMetadata;
    expect(Object.keys(metadata.contracts)).to.include.members([...MOBILITY_CONTRACTS, 'org.hyperledger.fabric']);
    const deviceTransactions = metadata.contracts['devices']?.transactions.map((transaction) => transaction.name);
    expect(deviceTransactions).to.include.members(['Register', 'Get']);
  });
});
