import { expect } from 'chai';
import { decodeLedgerPayload, normaliseRecipient } from './ledger-notices';

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
const ADDRESS = '0xAbCdEf0123456789abcdef0123456789ABCDEF01';

describe('events: decoding the chaincode event payload', () => {
  it('normalises device recipients to lower case and keeps org recipients', () => {
    expect(normaliseRecipient(`device:${ADDRESS}`)).to.equal(`device:${ADDRESS.toLowerCase()}`);
    expect(normaliseRecipient('org:MobilityMSP')).to.equal('org:MobilityMSP');
    for (const bad of ['device:0x123', 'device:' + ADDRESS + 'ff', 'org:', 'org:a!b', 'user:x', `device: ${ADDRESS}`]) {
      expect(normaliseRecipient(bad), bad).to.equal(undefined);
    }
  });

  it('decodes notices with their payload index, dropping malformed ones without renumbering', () => {
    const payload = {
      version: 1,
      txId: 'tx1',
      notices: [
        { type: 'pairing.PrePaired', to: [`device:${ADDRESS}`, 'org:OemMSP', `device:${ADDRESS.toLowerCase()}`], data: { vin: 'V' } },
        { type: 'bad type\nwith newline', to: ['org:OemMSP'], data: {} },
        { type: 'pairing.DeviceDataDelivered', to: ['nobody', 'org:OemMSP'], data: { n: 1 } },
        { type: 'x', to: 'org:OemMSP', data: {} },
      ],
    };
    const decoded = decodeLedgerPayload(bytes(payload), 'tx1');
    expect(decoded).to.deep.equal({
      ok: true,
      notices: [
        { index: 0, type: 'pairing.PrePaired', to: [`device:${ADDRESS.toLowerCase()}`, 'org:OemMSP'], data: { vin: 'V' } },
        { index: 2, type: 'pairing.DeviceDataDelivered', to: ['org:OemMSP'], data: { n: 1 } },
      ],
    });
  });

  it('refuses payloads that are not the documented envelope of this transaction', () => {
    expect(decodeLedgerPayload(Buffer.from('not json'), 'tx1').ok).to.equal(false);
    expect(decodeLedgerPayload(bytes({ version: 2, txId: 'tx1', notices: [] }), 'tx1').ok).to.equal(false);
    expect(decodeLedgerPayload(bytes({ version: 1, txId: 'other', notices: [] }), 'tx1').ok).to.equal(false);
    expect(decodeLedgerPayload(bytes([]), 'tx1').ok).to.equal(false);
  });
});
