import type { FabricDeployment } from './deployment';
import { generatedYaml } from './yaml-output';

/**
 * orderer.yaml with Fabric 2.5 sampleconfig values for what every orderer shares; the node's
 * identity, listeners, TLS files and ledger directories come from env/<orderer>.env (ORDERER_*
 * variables). Set here rather than in sampleconfig: no system channel (BootstrapMethod none),
 * the channel participation API on, TLS on, Prometheus metrics.
 */
export function ordererConfigDocument(_deployment: FabricDeployment) {
  return {
    General: {
      ListenAddress: '127.0.0.1',
      ListenPort: 7050,
      TLS: { Enabled: true, PrivateKey: 'tls/server.key', Certificate: 'tls/server.crt', RootCAs: ['tls/ca.crt'], ClientAuthRequired: false, ClientRootCAs: [] },
      Keepalive: { ServerMinInterval: '60s', ServerInterval: '7200s', ServerTimeout: '20s' },
      MaxRecvMsgSize: 104857600,
      MaxSendMsgSize: 104857600,
      Cluster: { SendBufferSize: 100, ClientCertificate: '', ClientPrivateKey: '', ListenPort: '', ListenAddress: '', ServerCertificate: '', ServerPrivateKey: '' },
      BootstrapMethod: 'none',
      BootstrapFile: '',
      LocalMSPDir: 'msp',
      LocalMSPID: 'OrdererMSP',
      Profile: { Enabled: false, Address: '127.0.0.1:6060' },
      BCCSP: { Default: 'SW', SW: { Hash: 'SHA2', Security: 256, FileKeyStore: { KeyStore: '' } } },
      Authentication: { TimeWindow: '15m' },
    },
    FileLedger: { Location: '../data/orderer' },
    Debug: { BroadcastTraceDir: '', DeliverTraceDir: '' },
    Operations: {
      ListenAddress: '127.0.0.1:8443',
      TLS: { Enabled: false, Certificate: '', PrivateKey: '', ClientAuthRequired: false, ClientRootCAs: [] },
    },
    Metrics: { Provider: 'prometheus' },
    Admin: {
      ListenAddress: '127.0.0.1:7053',
      TLS: { Enabled: true, Certificate: '', PrivateKey: '', ClientAuthRequired: true, ClientRootCAs: [] },
    },
    ChannelParticipation: { Enabled: true, MaxRequestBodySize: '1 MB' },
    Consensus: { WALDir: '../data/orderer/etcdraft/wal', SnapDir: '../data/orderer/etcdraft/snapshot' },
  };
}

export function ordererYaml(deployment: FabricDeployment): string {
  return generatedYaml(
    ordererConfigDocument(deployment),
    'orderer.yaml shared by all orderers; per-node values come from env/<orderer>.env (ORDERER_* variables).',
  );
}
