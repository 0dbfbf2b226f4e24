import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { fabricDeployment, listeningPorts } from './deployment';
import { FabricArtifactsError } from './errors';

describe('fabric-artifacts: deployment', () => {
  it('lays the consortium out natively on loopback with the consortium ports plus the offset', () => {
    const deployment = fabricDeployment({ portOffset: 20000 });
    expect(deployment.peers.map((peer) => [peer.name, peer.endpoint, peer.bindHost, peer.chaincodePort])).to.deep.equal([
      ['peer0.oem.mobility.example', 'localhost:27051', '127.0.0.1', 27052],
      ['peer0.mobility.mobility.example', 'localhost:29051', '127.0.0.1', 29052],
      ['peer0.audit.mobility.example', 'localhost:31051', '127.0.0.1', 31052],
    ]);
    expect(deployment.orderer).to.include({ name: 'orderer.orderer.mobility.example', endpoint: 'localhost:27050', adminPort: 27053, operationsPort: 29446 });
    expect(deployment.chaincodeServer).to.deep.equal({ address: 'localhost:29999', listenAddress: '127.0.0.1:29999', port: 29999, tls: false, launch: 'service' });
    expect(deployment.chaincodeLabel).to.equal(`${consortium.chaincode.name}_${consortium.chaincode.version}`);
    expect(deployment.batchTimeoutMs).to.equal(consortium.batch.batchTimeoutMs);
  });

  it('names nodes by host inside compose and binds every interface of the container', () => {
    const deployment = fabricDeployment({ target: 'compose' });
    expect(deployment.peers[0]).to.include({ endpoint: 'peer0.oem.mobility.example:7051', bindHost: '0.0.0.0' });
    expect(deployment.orderer.endpoint).to.equal('orderer.orderer.mobility.example:7050');
    expect(deployment.chaincodeServer.address).to.equal('chaincode.mobility.example:9999');
  });

  it('listens on distinct ports', () => {
    const ports = listeningPorts(fabricDeployment());
    expect(new Set(ports).size).to.equal(ports.length);
  });

  it('refuses offsets that push a port past 65535 and non-positive batch timeouts', () => {
    expect(() => fabricDeployment({ portOffset: 60000 })).to.throw(FabricArtifactsError, /above 65535/);
    expect(() => fabricDeployment({ batchTimeoutMs: 0 })).to.throw(FabricArtifactsError, /batch timeout/);
    expect(() => fabricDeployment({ target: 'compose', chaincodeLaunch: 'peer' })).to.throw(FabricArtifactsError, /native/);
  });
});
