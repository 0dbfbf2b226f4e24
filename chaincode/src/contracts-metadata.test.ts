import 'reflect-metadata';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { JSONSerializer, type Contract } from 'fabric-contract-api';
import { contracts } from './contracts';

/** The parts of fabric-shim's (untyped) contract runtime that serve `org.hyperledger.fabric:GetMetadata`. */
interface ShimResponse {
  status: number;
  message?: string;
  payload?: Uint8Array;
}
interface ChaincodeFromContract {
  Invoke(stub: object): Promise<ShimResponse>;
}
type ChaincodeFromContractClass = new (
  contractClasses: (new () => object)[],
  serializers: object,
  fileMetadata: object,
  title: string,
  version: string,
) => ChaincodeFromContract;

interface ContractMetadata {
  name: string;
  transactions: { name: string }[];
}
interface ChaincodeMetadata {
  info: { title: string; version: string };
  contracts: Record<string, ContractMetadata>;
}

const loadShimModule = createRequire(__filename);
const ChaincodeFromContract = loadShimModule('fabric-shim/lib/contract-spi/chaincodefromcontract') as ChaincodeFromContractClass;

// Any well-formed X.509 certificate will do: the shim parses the caller's certificate for every transaction.
const CALLER_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIB2DCCAX+gAwIBAgIUNdBhpuuJTFsb+PY6hYWVClFHasEwCgYIKoZIzj0EAwIw
QTEUMBIGA1UECgwLTW9iaWxpdHlNU1AxDzANBgNVBAsMBmNsaWVudDEYMBYGA1UE
AwwPbWV0YWRhdGEtcmVhZGVyMCAXDTI2MTEyMzExNDI1MVoYDzIxMjYxMDMwMTE0
MjUxWjBBMRQwEgYDVQQKDAtNb2JpbGl0eU1TUDEPMA0GA1UECwwGY2xpZW50MRgw
FgYDVQQDDA9tZXRhZGF0YS1yZWFkZXIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AASS5t4zj2SFAsYThK1hnCtisuEXF2gFt24HWd682DQhaypvV8kfW0Rl4rXIuVYZ
Y9BjNfkOLVSMhliGpHGoNMbko1MwUTAdBgNVHQ4EFgQUdscJnKj89h955mRxXJPS
CR68aeAwHwYDVR0jBBgwFoAUdscJnKj89h955mRxXJPSCR68aeAwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAh9DnMFlJQc0sgZ1J332hpSpP1GY1fxG
bX38X/h+nrTdAiEAtczPUCg4Qc/b4qKgRcatff4+N/OGVv3NDgi2riv8uGo=
-----END CERTIFICATE-----
`;

/** Just what the shim reads from the stub before it dispatches GetMetadata, which touches no state. */
function metadataRequestStub(): object {
  return {
    getBufferArgs: () => [Buffer.from('org.hyperledger.fabric:GetMetadata')],
    getTxID: () => 'tx-get-metadata',
    getChannelID: () => 'mobility',
    getCreator: () => ({ mspid: 'MobilityMSP', idBytes: Buffer.from(CALLER_CERTIFICATE) }),
  };
}

describe('org.hyperledger.fabric:GetMetadata as the fabric-shim contract runtime serves it', () => {
  it('returns JSON metadata that lists every contract of the chaincode with its transactions', async () => {
    // Same arguments fabric-shim's bootstrap passes: the package's contracts, the default JSON serializer,
    // no metadata file (so the runtime introspects our decorators), the package name and version.
    const chaincode = new ChaincodeFromContract(
      [...contracts],
      { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
      {},
      '@mobility-ledger/chaincode',
      '0.1.0',
    );

    const response = await chaincode.Invoke(metadataRequestStub());

    expect(response.message ?? '', 'shim error message').to.equal('');
    expect(response.status).to.equal(200);
    const metadata = JSON.parse(Buffer.from(response.payload ?? []).toString('utf8')) as ChaincodeMetadata;
    expect(metadata.info).to.deep.include({ title: '@mobility-ledger/chaincode', version: '0.1.0' });
    const expectedNames = contracts.map((Contract) => (new Contract() as Contract).getName());
    expect(Object.keys(metadata.contracts)).to.include.members([...expectedNames, 'org.hyperledger.fabric']);
    for (const Contract of contracts) {
      const name = (new Contract() as Contract).getName();
      const declared = (Reflect.getMetadata('fabric:transactions', Contract.prototype) as { name: string }[]).map((t) => t.name);
      const listed = metadata.contracts[name]?.transactions.map((t) => t.name);
      expect(listed, name).to.have.members(declared);
    }
  });
});
