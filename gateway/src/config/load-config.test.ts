import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './gateway-config';
import { configFromEnv, loadConfig } from './load-config';

const REQUIRED = {
  mspId: 'MobilityMSP',
  peer: { endpoint: 'peer0.mobility.example:9051', tlsRootCertPath: '/etc/fabric/tls-ca.pem' },
  identity: { certPath: '/etc/fabric/cert.pem', keyPath: '/etc/fabric/keystore' },
  dataDir: '/var/lib/gateway',
};

describe('gateway config', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-config-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills defaults, including the org’s default HTTP port', () => {
    const config = loadConfig({ env: {}, overrides: REQUIRED });
    expect(config.http).to.deep.equal({ host: '127.0.0.1', port: 3002, bodyLimitBytes: 8 * 1024 * 1024 });
    expect(config.timeouts).to.deep.equal({ evaluateMs: 10_000, endorseMs: 20_000, submitMs: 10_000, commitStatusMs: 60_000 });
    expect(config.retry.mvccRetries).to.equal(3);
    expect([config.channel, config.chaincode]).to.deep.equal(['mobility', 'mobility']);
  });

  it('layers defaults < base < file < environment < overrides, merging nested objects', () => {
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ ...REQUIRED, peer: { ...REQUIRED.peer, hostAlias: 'peer0.alias' }, timeouts: { endorseMs: 7_000, submitMs: 8_000 } }));
    const config = loadConfig({
      file,
      base: { timeouts: { evaluateMs: 1_111 }, http: { port: 4000 } },
      env: { GATEWAY_SUBMIT_TIMEOUT_MS: '9000', GATEWAY_HTTP_PORT: '4100', GATEWAY_MVCC_RETRIES: '0' },
      overrides: { http: { port: 4200 } },
    });
    expect(config.timeouts).to.deep.equal({ evaluateMs: 1_111, endorseMs: 7_000, submitMs: 9_000, commitStatusMs: 60_000 });
    expect(config.http.port).to.equal(4200);
    expect(config.retry.mvccRetries).to.equal(0);
    expect(config.peer).to.deep.equal({ ...REQUIRED.peer, hostAlias: 'peer0.alias' });
  });

  it('resolves relative paths in a file against the file’s directory', () => {
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ ...REQUIRED, peer: { endpoint: 'localhost:7051', tlsRootCertPath: 'tls/ca.pem' }, dataDir: './state' }));
    const config = loadConfig({ file, env: {} });
    expect(config.peer.tlsRootCertPath).to.equal(path.join(dir, 'tls', 'ca.pem'));
    expect(config.dataDir).to.equal(path.join(dir, 'state'));
    expect(config.identity.certPath).to.equal(REQUIRED.identity.certPath);
  });

  it('reads every setting from GATEWAY_* variables, and the file from GATEWAY_CONFIG', () => {
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ dataDir: '/from/file' }));
    const config = loadConfig({
      env: {
        GATEWAY_CONFIG: file,
        GATEWAY_MSP_ID: 'AuditMSP',
        GATEWAY_PEER_ENDPOINT: 'localhost:11051',
        GATEWAY_TLS_ROOT_CERT: '/tls.pem',
        GATEWAY_CERT: '/cert.pem',
        GATEWAY_KEY: '/key.pem',
        GATEWAY_EVALUATE_TIMEOUT_MS: '1500',
        GATEWAY_COMMIT_STATUS_TIMEOUT_MS: '30000',
        GATEWAY_LOG_LEVEL: 'debug',
      },
    });
    expect(config).to.deep.include({ mspId: 'AuditMSP', dataDir: '/from/file', logLevel: 'debug' });
    expect(config.http.port).to.equal(3003);
    expect(config.timeouts.evaluateMs).to.equal(1_500);
    expect(config.timeouts.commitStatusMs).to.equal(30_000);
  });

  it('names the field at fault', () => {
    expect(() => loadConfig({ env: {}, overrides: { ...REQUIRED, peer: { endpoint: 'no port here', tlsRootCertPath: '/x' } } })).to.throw(ConfigError, /peer\.endpoint/);
    expect(() => loadConfig({ env: {}, overrides: { mspId: 'OemMSP' } })).to.throw(ConfigError, /gateway config (peer|identity|dataDir)/);
    expect(() => configFromEnv({ GATEWAY_HTTP_PORT: 'eighty' })).to.throw(ConfigError, /GATEWAY_HTTP_PORT/);
    expect(() => loadConfig({ env: {}, overrides: { ...REQUIRED, timeouts: { endorseMs: 0 } } })).to.throw(ConfigError, /timeouts\.endorseMs/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    expect(() => loadConfig({ file: broken, env: {} })).to.throw(ConfigError, /broken\.json/);
  });
});
