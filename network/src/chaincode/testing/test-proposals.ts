/**
 * Signed proposals for chaincode support tests: a client with a real self-signed X.509 certificate (the
 * shim's ClientIdentity parses it) and proposals built as a Fabric client builds them.
 */
import { createHash, randomBytes, sign, webcrypto, KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { unpackProposal, type UnpackedProposal } from '../../endorser/unpacked-proposal';
import { computeTxId } from '../../protoutil/transaction';

export class TestClient {
  private constructor(
    readonly mspId: string,
    readonly serialized: Uint8Array,
    private readonly privateKey: KeyObject,
  ) {}

  static async create(mspId: string, commonName = `user@${mspId}`): Promise<TestClient> {
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: randomBytes(8).toString('hex'),
        name: `CN=${commonName}, O=${mspId}`,
        notBefore: new Date(Date.UTC(2025, 0, 1)),
        notAfter: new Date(Date.UTC(2035, 0, 1)),
        signingAlgorithm: algorithm,
        keys,
      },
      webcrypto as never,
    );
    const identity = new msp.SerializedIdentity();
    identity.setMspid(mspId);
    identity.setIdBytes(Buffer.from(certificate.toString('pem')));
    return new TestClient(mspId, identity.serializeBinary(), KeyObject.from(keys.privateKey));
  }

  sign(message: Uint8Array): Uint8Array {
    return sign('sha256', message, this.privateKey);
  }
}

export interface ProposalSpec {
  readonly channelId?: string;
  readonly chaincodeName?: string;
  readonly args: readonly (string | Uint8Array)[];
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
  readonly timestampSeconds?: number;
  readonly isInit?: boolean;
}

/** A signed proposal, unpacked as the endorser would before simulating it. */
export function buildProposal(client: TestClient, spec: ProposalSpec): UnpackedProposal {
  const nonce = randomBytes(24);
  const txId = computeTxId(nonce, client.serialized);
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(spec.chaincodeName ?? 'mobility');
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(spec.channelId ?? 'mobility');
  channelHeader.setTxId(txId);
  const timestamp = new Timestamp();
  timestamp.setSeconds(spec.timestampSeconds ?? 1_767_225_600);
  channelHeader.setTimestamp(timestamp);
  channelHeader.setExtension$(extension.serializeBinary());
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(client.serialized);
  signatureHeader.setNonce(nonce);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList(spec.args.map((arg) => (typeof arg === 'string' ? Buffer.from(arg) : arg)));
  input.setIsInit(spec.isInit ?? false);
  const chaincodeSpec = new peer.ChaincodeSpec();
  chaincodeSpec.setType(peer.ChaincodeSpec.Type.NODE);
  chaincodeSpec.setChaincodeId(chaincodeId);
  chaincodeSpec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(chaincodeSpec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  for (const [key, value] of Object.entries(spec.transient ?? {})) {
    payload.getTransientmapMap().set(key, typeof value === 'string' ? Buffer.from(value) : value);
  }

  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();
  const signed = new peer.SignedProposal();
  signed.setProposalBytes(proposalBytes);
  signed.setSignature(client.sign(proposalBytes));
  return unpackProposal(signed);
}

/** The shim's proposal binding: SHA-256(nonce || creator || epoch as 8 little-endian bytes). */
export function proposalBinding(proposal: UnpackedProposal): string {
  const epoch = Buffer.alloc(8);
  epoch.writeBigUInt64LE(BigInt(proposal.channelHeader.getEpoch()));
  return createHash('sha256')
    .update(proposal.signatureHeader.getNonce_asU8())
    .update(proposal.signatureHeader.getCreator_asU8())
    .update(epoch)
    .digest('hex');
}
