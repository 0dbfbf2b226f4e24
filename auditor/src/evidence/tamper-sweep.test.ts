import { expect } from 'chai';
import fc from 'fast-check';
import type { EvidenceBundle } from './bundle-format';
import { byteSites, tampered, type ByteClass, type ByteSite } from './testing/bundle-tamper';
import { sampleEvidence } from './testing/sample-evidence';
import { parseTrustAnchor } from './trust-anchor';
import { checkBundle } from './verify-bundle';
import type { RejectionReason } from './verification-error';

const GENESIS = parseTrustAnchor('genesis');

/** What a change in each class of bytes may be rejected as, by the first check that meets it. */
const EXPECTED: Record<ByteClass, readonly RejectionReason[]> = {
  // A changed header breaks the link to the next header, the trusted hash, the data hash it states, or the signature over it.
  header: ['HEADER_CHAIN', 'CHECKPOINT', 'DATA_HASH', 'ORDERER_SIGNATURE'],
  data: ['DATA_HASH'],
  metadata: ['ORDERER_SIGNATURE'],
  signature: ['ORDERER_SIGNATURE'],
};

function rejection(bundle: EvidenceBundle): { reason: string; message: string } {
  const outcome = checkBundle(bundle, GENESIS);
  return outcome.ok ? { reason: 'OK', message: 'accepted' } : { reason: outcome.reason, message: outcome.message };
}

function expectRejected(bundle: EvidenceBundle, byteClass: ByteClass, site: ByteSite, position: number, mask: number): void {
  const { reason, message } = rejection(tampered(bundle, site, position, mask));
  expect(EXPECTED[byteClass], `${site.label}, byte ${position} ^ 0x${mask.toString(16)}: ${message}`).to.include(reason);
  expect(message, 'the reason names the block').to.match(/block \d+/);
}

describe('evidence bundles: every changed byte is rejected with a precise reason', function () {
  this.timeout(120_000);
  let bundle: EvidenceBundle;

  before(async () => {
    ({ bundle } = await sampleEvidence());
  });

  it('accepts the untouched bundle', () => {
    expect(rejection(bundle).reason).to.equal('OK');
  });

  it('header bytes: every byte of every header in the chain', () => {
    const sites = byteSites(bundle, 'header');
    expect(sites).to.have.length(7);
    let checked = 0;
    for (const site of sites) {
      for (const position of site.positions) {
        expectRejected(bundle, 'header', site, position, 0x01);
        checked += 1;
      }
    }
    expect(checked).to.be.greaterThan(400);
  });

  it('signature bytes: every byte of the orderer signatures, each with two masks', () => {
    const sites = byteSites(bundle, 'signature');
    expect(sites.map((site) => site.label)).to.deep.equal(['signature of block 4', 'signature of block 6']);
    for (const site of sites) {
      expect(site.positions.length).to.be.within(70, 72);
      for (const position of site.positions) {
        expectRejected(bundle, 'signature', site, position, 0x01);
        expectRejected(bundle, 'signature', site, position, 0x80);
      }
    }
  });

  it('metadata bytes: a systematic stride over the SIGNATURES metadata outside the signature', () => {
    for (const site of byteSites(bundle, 'metadata')) {
      expect(site.positions.length).to.be.greaterThan(800);
      // Every byte of the framing and of the signed value, then every 5th byte of the signer's certificate.
      const positions = site.positions.filter((position, index) => position < 80 || position > site.positions.length - 40 || index % 5 === 0);
      for (const position of positions) expectRejected(bundle, 'metadata', site, position, 0x04);
    }
  });

  it('data bytes: a systematic stride over every transaction, then random bytes and masks (fast-check)', () => {
    const sites = byteSites(bundle, 'data');
    for (const site of sites) {
      for (const position of site.positions.filter((position) => position % 97 === 0)) expectRejected(bundle, 'data', site, position, 0x20);
    }
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (siteSeed, positionSeed, mask) => {
        const site = sites[siteSeed % sites.length] as ByteSite;
        expectRejected(bundle, 'data', site, site.positions[positionSeed % site.positions.length] as number, mask);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('any class, any byte, any mask (fast-check)', () => {
    const classes: ByteClass[] = ['header', 'data', 'metadata', 'signature'];
    fc.assert(
      fc.property(fc.constantFrom(...classes), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (byteClass, siteSeed, positionSeed, mask) => {
        const sites = byteSites(bundle, byteClass);
        const site = sites[siteSeed % sites.length] as ByteSite;
        expectRejected(bundle, byteClass, site, site.positions[positionSeed % site.positions.length] as number, mask);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
