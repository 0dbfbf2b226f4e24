import type { FabricDeployment } from './deployment';
import { generatedYaml } from './yaml-output';

/**
 * core.yaml shared by every peer (and by the peer CLI the scripts run). It holds the settings that
 * are the same for all peers, with the values of Fabric 2.5's sampleconfig except where noted;
 * everything that names a node (identity, addresses, ports, crypto paths, data directory) comes
 * from the node's env file (env/<peer>.env, CORE_* variables override core.yaml keys).
 *
 * Differences from sampleconfig, and why:
 *   - peer.tls.enabled: true, as in every production and test-network deployment;
 *   - vm.endpoint empty: no Docker; chaincode runs as a service, reached through the external
 *     builder named in CORE_CHAINCODE_EXTERNALBUILDERS (set by the start script, since its path
 *     depends on where the repository or Fabric's ccaas_builder lives);
 *   - metrics.provider prometheus, so /metrics on the operations port works as on the embedded peers;
 *   - gossip.state.enabled false and useLeaderElection false / orgLeader true: one peer per org,
 *     each pulling blocks from the orderer itself (Fabric's recommendation since 2.2).
 */

export function coreConfigDocument(_deployment: FabricDeployment) {
  return {
    peer: {
      id: 'peer0',
      networkId: 'mobility',
      listenAddress: '127.0.0.1:7051',
      address: 'localhost:7051',
      addressAutoDetect: false,
      gateway: { enabled: true, endorsementTimeout: '30s', broadcastTimeout: '30s', dialTimeout: '2m' },
      keepalive: {
        interval: '7200s',
        timeout: '20s',
        minInterval: '60s',
        client: { interval: '60s', timeout: '20s' },
        deliveryClient: { interval: '60s', timeout: '20s' },
      },
      gossip: {
        bootstrap: '',
        useLeaderElection: false,
        orgLeader: true,
        membershipTrackerInterval: '5s',
        endpoint: '',
        maxBlockCountToStore: 10,
        maxPropagationBurstLatency: '10ms',
        maxPropagationBurstSize: 10,
        propagateIterations: 1,
        propagatePeerNum: 3,
        pullInterval: '4s',
        pullPeerNum: 3,
        requestStateInfoInterval: '4s',
        publishStateInfoInterval: '4s',
        stateInfoRetentionInterval: '',
        publishCertPeriod: '10s',
        skipBlockVerification: false,
        dialTimeout: '3s',
        connTimeout: '2s',
        recvBuffSize: 20,
        sendBuffSize: 200,
        digestWaitTime: '1s',
        requestWaitTime: '1500ms',
        responseWaitTime: '2s',
        aliveTimeInterval: '5s',
        aliveExpirationTimeout: '25s',
        reconnectInterval: '25s',
        maxConnectionAttempts: 120,
        msgExpirationFactor: 20,
        externalEndpoint: '',
        election: {
          startupGracePeriod: '15s',
          membershipSampleInterval: '1s',
          leaderAliveThreshold: '10s',
          leaderElectionDuration: '5s',
        },
        pvtData: {
          pullRetryThreshold: '60s',
          transientstoreMaxBlockRetention: 1000,
          pushAckTimeout: '3s',
          btlPullMargin: 10,
          reconcileBatchSize: 10,
          reconcileSleepInterval: '1m',
          reconciliationEnabled: true,
          skipPullingInvalidTransactionsDuringCommit: false,
          implicitCollectionDisseminationPolicy: { requiredPeerCount: 0, maxPeerCount: 1 },
        },
        state: { enabled: false, checkInterval: '10s', responseTimeout: '3s', batchSize: 10, blockBufferSize: 20, maxRetries: 3 },
      },
      tls: {
        enabled: true,
        clientAuthRequired: false,
        cert: { file: 'tls/server.crt' },
        key: { file: 'tls/server.key' },
        rootcert: { file: 'tls/ca.crt' },
        clientRootCAs: { files: [] },
        clientKey: { file: '' },
        clientCert: { file: '' },
      },
      authentication: { timewindow: '15m' },
      fileSystemPath: '../data/peer',
      BCCSP: { Default: 'SW', SW: { Hash: 'SHA2', Security: 256, FileKeyStore: { KeyStore: '' } } },
      mspConfigPath: 'msp',
      localMspId: 'OemMSP',
      client: { connTimeout: '3s' },
      deliveryclient: {
        blockGossipEnabled: true,
        reconnectTotalTimeThreshold: '3600s',
        connTimeout: '3s',
        reConnectBackoffThreshold: '3600s',
        addressOverrides: [],
      },
      localMspType: 'bccsp',
      profile: { enabled: false, listenAddress: '127.0.0.1:6060' },
      handlers: {
        authFilters: [{ name: 'DefaultAuth' }, { name: 'ExpirationCheck' }],
        decorators: [{ name: 'DefaultDecorator' }],
        endorsers: { escc: { name: 'DefaultEndorsement', library: '' } },
        validators: { vscc: { name: 'DefaultValidation', library: '' } },
      },
      validatorPoolSize: 0,
      discovery: {
        enabled: true,
        authCacheEnabled: true,
        authCacheMaxSize: 1000,
        authCachePurgeRetentionRatio: 0.75,
        orgMembersAllowedAccess: false,
      },
      limits: { concurrency: { endorserService: 2500, deliverService: 2500, gatewayService: 500 } },
      maxRecvMsgSize: 104857600,
      maxSendMsgSize: 104857600,
    },
    vm: { endpoint: '' },
    chaincode: {
      id: { path: '', name: '' },
      pull: false,
      externalBuilders: [],
      installTimeout: '300s',
      startuptimeout: '300s',
      executetimeout: '30s',
      mode: 'net',
      keepalive: 0,
      system: { _lifecycle: 'enable', cscc: 'enable', lscc: 'enable', qscc: 'enable' },
      logging: { level: 'info', shim: 'warning', format: '%{time:2006-01-02 15:04:05.000 MST} [%{module}] %{shortfunc} -> %{level:.4s} %{message}' },
    },
    ledger: {
      blockchain: null,
      state: { stateDatabase: 'goleveldb', totalQueryLimit: 100000 },
      history: { enableHistoryDatabase: true },
      pvtdataStore: {
        collElgProcMaxDbBatchSize: 5000,
        collElgProcDbBatchesInterval: 1000,
        deprioritizedDataReconcilerInterval: '60m',
        purgeInterval: 100,
        purgedKeyAuditLogging: true,
      },
      snapshots: { rootDir: '' },
    },
    operations: {
      listenAddress: '127.0.0.1:9443',
      tls: { enabled: false, cert: { file: '' }, key: { file: '' }, clientAuthRequired: false, clientRootCAs: { files: [] } },
    },
    metrics: { provider: 'prometheus' },
  };
}

export function coreYaml(deployment: FabricDeployment): string {
  return generatedYaml(
    coreConfigDocument(deployment),
    'core.yaml shared by all peers; per-peer values come from env/<peer>.env (CORE_* variables).',
  );
}
