import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { ChaincodeConnection } from './chaincode-connection';
import { ChaincodeProcess, packageIdFor } from './chaincode-process';
import { ChaincodeLaunchError } from './errors';
import type { ChaincodeLogger } from './logger';

const TESTDATA = path.resolve(__dirname, '../../src/chaincode/testdata');

describe('ChaincodeProcess (chaincode-as-a-service launcher)', function () {
  this.timeout(30_000);

  it('starts the server, lets a peer register, and stops it', async () => {
    const chaincodeId = packageIdFor('test_1.0');
    const server = await ChaincodeProcess.start({ packageDir: path.join(TESTDATA, 'test-chaincode'), chaincodeId });
    const connection = new ChaincodeConnection({ address: server.address }, { expectedChaincodeId: chaincodeId });
    try {
      expect(server.address).to.match(/^127\.0\.0\.1:\d+$/);
      expect((await connection.handler()).chaincodeId).to.equal(chaincodeId);
    } finally {
      connection.close();
      await server.stop();
    }
    expect(server.isRunning).to.equal(false);
  });

  it('serves over TLS when given a server certificate and key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tls-'));
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: randomBytes(8).toString('hex'),
        name: 'CN=chaincode.mobility.example',
        notBefore: new Date(Date.UTC(2025, 0, 1)),
        notAfter: new Date(Date.UTC(2035, 0, 1)),
        signingAlgorithm: algorithm,
        keys,
        extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }])],
      },
      webcrypto as never,
    );
    const certPem = certificate.toString('pem');
    const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
    fs.writeFileSync(path.join(dir, 'server.crt'), certPem);
    fs.writeFileSync(path.join(dir, 'server.key'), keyPem);
    const chaincodeId = packageIdFor('tls_1.0');
    const server = await ChaincodeProcess.start({
      packageDir: path.join(TESTDATA, 'test-chaincode'),
      chaincodeId,
      tls: { certFile: path.join(dir, 'server.crt'), keyFile: path.join(dir, 'server.key') },
    });
    const connection = new ChaincodeConnection({ address: server.address, tls: { rootCert: Buffer.from(certPem), serverNameOverride: 'localhost' } }, { expectedChaincodeId: chaincodeId });
    const plaintext = new ChaincodeConnection({ address: server.address }, { registerTimeoutMs: 2_000 });
    try {
      expect((await connection.handler()).chaincodeId).to.equal(chaincodeId);
      const refused = await plaintext.handler().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(refused).to.be.instanceOf(Error);
    } finally {
      connection.close();
      plaintext.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a chaincode that dies at startup with its stderr, which also reaches the log', async () => {
    const warnings: string[] = [];
    const logger: ChaincodeLogger = { debug: () => undefined, info: () => undefined, warn: (line) => warnings.push(line), error: () => undefined };
    const error = await ChaincodeProcess.start({ packageDir: path.join(TESTDATA, 'broken-chaincode'), chaincodeId: 'broken:1', logger }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).to.be.instanceOf(ChaincodeLaunchError);
    expect(error?.message).to.match(/^chaincode broken:1 exited \(code 1, signal null\) before listening/);
    expect(error?.message).to.include('broken on purpose');
    expect(warnings.some((line) => line.startsWith('[chaincode broken:1]') && line.includes('broken on purpose'))).to.equal(true);
  });

  it('refuses a directory without package.json', async () => {
    const error = await ChaincodeProcess.start({ packageDir: TESTDATA, chaincodeId: 'x:1' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).to.be.instanceOf(ChaincodeLaunchError);
  });
});
