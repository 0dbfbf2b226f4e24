import { payloadHash, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { recoverDeviceRequestSigner } from '@mobility-ledger/chaincode/dist/devices/signer-recovery';
import { hashRecord, sha256Hex } from '@mobility-ledger/chaincode/dist/lib/hash';
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { webcrypto } from 'node:crypto';
import { BROWSER_ENTRY, GLOBAL_NAME, HASH_SHIM, buildBrowserSdk, type BrowserBuild } from './build-browser';
import * as shim from './browser/sha256-shim';
import { DeviceKey } from './device-key';
import { commitmentOf } from './commitments';
import { RequestSigner } from './request-signing';

describe('browser bundle of the SDK', function () {
  this.timeout(60_000);
  let outDir: string;
  let built: BrowserBuild;

  before(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-sdk-browser-'));
    built = await buildBrowserSdk({ outDir });
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('builds an IIFE and an ES module without any require() of Node modules', () => {
    expect(built.files.map((file) => path.basename(file))).to.deep.equal(['mobility-sdk.js', 'mobility-sdk.esm.js']);
    for (const file of built.files) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).to.not.match(/require\(\s*["']node:/);
      expect(code, file).to.not.match(/\brequire\(\s*["'](crypto|fs|path|http|https|net|tls|stream|buffer|os)["']/);
    }
    expect(readFileSync(built.files[0] ?? '', 'utf8')).to.contain(`var ${GLOBAL_NAME} =`);
  });

  it('bundles the sha256 shim instead of the chaincode’s node:crypto hash, and nothing of fabric-shim', () => {
    const inputs = Object.keys(built.metafile.inputs);
    const relative = (file: string): string => path.relative(process.cwd(), file).split(path.sep).join('/');
    expect(inputs).to.include(relative(HASH_SHIM));
    expect(inputs).to.include(relative(BROWSER_ENTRY));
    expect(inputs.some((input) => input.endsWith('chaincode/src/lib/hash.ts'))).to.equal(false);
    expect(inputs.some((input) => /fabric-(shim|contract-api)|@grpc|fastify|pino/.test(input))).to.equal(false);
  });

  it('signs in a browser-like sandbox (no require, process or Buffer) exactly as Node does', async () => {
    const code = readFileSync(built.files[0] ?? '', 'utf8');
    const sandbox: Record<string, unknown> = {
      TextEncoder,
      TextDecoder,
      URL,
      URLSearchParams,
      AbortController,
      crypto: webcrypto,
      setTimeout,
      clearTimeout,
      btoa,
      atob,
      fetch: () => Promise.reject(new Error('no network in this test')),
      console,
    };
    sandbox.self = sandbox;
    sandbox.window = sandbox;
    vm.createContext(sandbox);
    // A browser's TextEncoder returns its own realm's Uint8Array (ethers checks instanceof).
    const SandboxBytes = vm.runInContext('Uint8Array', sandbox) as Uint8ArrayConstructor;
    const outer = new TextEncoder();
    sandbox.TextEncoder = class {
      encode(text: string): Uint8Array {
        return new SandboxBytes(outer.encode(text));
      }
    };
    vm.runInContext(code, sandbox, { filename: 'mobility-sdk.js' });
    const sdk = sandbox[GLOBAL_NAME] as typeof import('./index');
    const privateKey = `0x${'5a'.repeat(32)}`;
    const payload = { vin: '1HGCM82633A004352', ownershipCommitment: 'ab'.repeat(32), note: 'Grüße' };
    const options = { nonce: 'browser-nonce-0001', ttlMs: 60_000 };
    const fromBrowser = (await new sdk.RequestSigner(sdk.DeviceKey.fromPrivateKey(privateKey), { now: () => 1_700_000_000_000 }).sign('pairing.requestPrePairing', payload, options)) as SignedDeviceRequest;
    const fromNode = await new RequestSigner(DeviceKey.fromPrivateKey(privateKey), { now: () => 1_700_000_000_000 }).sign('pairing.requestPrePairing', payload, options);
    // Deterministic ECDSA (RFC 6979): equal signatures mean both sides hashed exactly the same bytes.
    expect(JSON.parse(JSON.stringify(fromBrowser))).to.deep.equal(fromNode);
    expect(recoverDeviceRequestSigner(fromBrowser)).to.equal(DeviceKey.fromPrivateKey(privateKey).address);
    expect(sdk.commitmentOf(payload)).to.equal(commitmentOf(payload));
    expect(sdk.commitmentOf(payload)).to.equal(payloadHash(payload).slice(2));
  });

  it('the shim hashes like the chaincode’s node:crypto hash (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (text, record) => {
        expect(shim.sha256Hex(text)).to.equal(sha256Hex(text));
        expect(shim.hashRecord(record)).to.equal(hashRecord(record));
        expect(shim.saltedHash(text, 'x')).to.equal(sha256Hex(`${text}\u0000x`));
      }),
      { numRuns: 200 },
    );
  });
});
