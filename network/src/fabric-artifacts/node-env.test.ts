import { expect } from 'chai';
import { fabricDeployment } from './deployment';
import { envFile, envValue, externalBuildersValue, peerEnvironment } from './node-env';

describe('fabric-artifacts: node environment', () => {
  it('writes values bash and docker compose read alike: bare when safe, else single-quoted', () => {
    expect(envValue('localhost:7051')).to.equal('localhost:7051');
    expect(envValue('a b')).to.equal("'a b'");
    expect(envValue('[../x/ca.crt]')).to.equal("'[../x/ca.crt]'");
    expect(() => envValue("it's")).to.throw(RangeError);
    expect(envFile('about', [['A', '1']])).to.match(/^# .+\n# about\nA=1\n$/);
  });

  it('points a native peer at loopback and leaves the external builder to the start script', () => {
    const deployment = fabricDeployment({ portOffset: 20000 });
    const env = new Map(peerEnvironment(deployment, deployment.peers[1]!));
    expect(env.get('CORE_PEER_LISTENADDRESS')).to.equal('127.0.0.1:29051');
    expect(env.get('CORE_PEER_GOSSIP_EXTERNALENDPOINT')).to.equal('localhost:29051');
    expect(env.get('CORE_PEER_CHAINCODELISTENADDRESS')).to.equal('127.0.0.1:29052');
    expect(env.get('CORE_OPERATIONS_LISTENADDRESS')).to.equal('127.0.0.1:29444');
    expect(env.has('CORE_CHAINCODE_EXTERNALBUILDERS')).to.equal(false);
  });

  it('gives a compose peer the ccaas builder of the Fabric peer image', () => {
    const deployment = fabricDeployment({ target: 'compose' });
    const env = new Map(peerEnvironment(deployment, deployment.peers[0]!));
    expect(env.get('CORE_PEER_LISTENADDRESS')).to.equal('0.0.0.0:7051');
    expect(env.get('CORE_CHAINCODE_EXTERNALBUILDERS')).to.equal(externalBuildersValue('/opt/hyperledger/ccaas_builder'));
  });
});
