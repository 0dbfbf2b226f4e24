import type { Server, ServerDuplexStream } from '@grpc/grpc-js';
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import type { BlockSource, CommittedBlock, GatewayPolicies } from '../gateway/gateway-context';
import { toFilteredBlock } from './filtered-block';

type DeliverKind = 'block' | 'filtered' | 'private';

const MAX_BLOCK = Number.MAX_SAFE_INTEGER;

export interface DeliverContext {
  readonly channelId: string;
  readonly blocks: BlockSource;
  readonly policies: GatewayPolicies;
  /** Private data of the requesting org for a block, for DeliverWithPrivateData. */
  privateDataFor?(blockNumber: number, creator: Uint8Array): Promise<Map<number, unknown>>;
}

/** `protos.Deliver` as a Fabric peer serves it (common/deliver): seek, stream, then a status. */
export function addDeliverService(server: Server, context: DeliverContext): void {
  server.addService(peer.DeliverService, {
    deliver: (call: ServerDuplexStream<common.Envelope, peer.DeliverResponse>) => serve(context, call, 'block'),
    deliverFiltered: (call: ServerDuplexStream<common.Envelope, peer.DeliverResponse>) => serve(context, call, 'filtered'),
    deliverWithPrivateData: (call: ServerDuplexStream<common.Envelope, peer.DeliverResponse>) => serve(context, call, 'private'),
  });
}

function serve(context: DeliverContext, call: ServerDuplexStream<common.Envelope, peer.DeliverResponse>, kind: DeliverKind): void {
  const abort = new AbortController();
  call.on('cancelled', () => abort.abort());
  call.on('close', () => abort.abort());
  let queue = Promise.resolve();
  call.on('data', (envelope: common.Envelope) => {
    queue = queue.then(async () => {
      let result: number;
      try {
        result = await deliverBlocks(context, call, envelope, kind, abort.signal);
      } catch {
        // A client that cancels its stream aborts the block wait: nobody is left to answer.
        if (abort.signal.aborted) return;
        result = common.Status.INTERNAL_SERVER_ERROR;
      }
      if (!abort.signal.aborted) call.write(statusResponse(result));
    });
  });
  call.on('end', () => {
    void queue.then(() => call.end());
  });
}

async function deliverBlocks(
  context: DeliverContext,
  call: ServerDuplexStream<common.Envelope, peer.DeliverResponse>,
  envelope: common.Envelope,
  kind: DeliverKind,
  signal: AbortSignal,
): Promise<number> {
  let payload: common.Payload;
  let channelHeader: common.ChannelHeader;
  let signatureHeader: common.SignatureHeader;
  try {
    payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    if (!header) return common.Status.BAD_REQUEST;
    channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  } catch {
    return common.Status.BAD_REQUEST;
  }
  if (channelHeader.getChannelId() !== context.channelId) return common.Status.NOT_FOUND;
  let seekInfo: orderer.SeekInfo;
  try {
    seekInfo = orderer.SeekInfo.deserializeBinary(payload.getData_asU8());
  } catch {
    return common.Status.BAD_REQUEST;
  }
  try {
    context.policies.checkSignedRequest('Readers', signatureHeader.getCreator_asU8(), envelope.getPayload_asU8(), envelope.getSignature_asU8());
  } catch {
    return common.Status.FORBIDDEN;
  }
  const start = seekInfo.getStart();
  const stop = seekInfo.getStop();
  if (!start || !stop) return common.Status.BAD_REQUEST;
  const height = context.blocks.height();
  const startNumber = positionNumber(start, height, 'start');
  let stopNumber: number;
  switch (stop.getTypeCase()) {
    case orderer.SeekPosition.TypeCase.OLDEST:
      stopNumber = startNumber;
      break;
    case orderer.SeekPosition.TypeCase.NEWEST:
      stopNumber = start.getTypeCase() === orderer.SeekPosition.TypeCase.NEWEST ? startNumber : height - 1;
      break;
    case orderer.SeekPosition.TypeCase.SPECIFIED:
      stopNumber = Math.min(stop.getSpecified()?.getNumber() ?? 0, MAX_BLOCK);
      if (stopNumber < startNumber) return common.Status.BAD_REQUEST;
      break;
    default:
      return common.Status.BAD_REQUEST;
  }
  const failIfNotReady = seekInfo.getBehavior() === orderer.SeekInfo.SeekBehavior.FAIL_IF_NOT_READY;
  if (failIfNotReady && startNumber > height - 1) return common.Status.NOT_FOUND;
  for await (const committed of context.blocks.blocksFrom(startNumber, signal)) {
    const number = committed.block.getHeader()?.getNumber() ?? 0;
    call.write(await blockResponse(context, committed, kind, signatureHeader.getCreator_asU8()));
    if (number >= stopNumber) return common.Status.SUCCESS;
    if (failIfNotReady && number + 1 > context.blocks.height() - 1) return common.Status.NOT_FOUND;
  }
  return common.Status.INTERNAL_SERVER_ERROR;
}

function positionNumber(position: orderer.SeekPosition, height: number, _which: string): number {
  switch (position.getTypeCase()) {
    case orderer.SeekPosition.TypeCase.OLDEST:
      return 0;
    case orderer.SeekPosition.TypeCase.NEWEST:
      return Math.max(height - 1, 0);
    case orderer.SeekPosition.TypeCase.SPECIFIED:
      return Math.min(position.getSpecified()?.getNumber() ?? 0, MAX_BLOCK);
    case orderer.SeekPosition.TypeCase.NEXT_COMMIT:
    default:
      return height;
  }
}

async function blockResponse(context: DeliverContext, committed: CommittedBlock, kind: DeliverKind, creator: Uint8Array): Promise<peer.DeliverResponse> {
  const response = new peer.DeliverResponse();
  if (kind === 'filtered') {
    response.setFilteredBlock(toFilteredBlock(context.channelId, committed));
  } else if (kind === 'private') {
    const withPrivate = new peer.BlockAndPrivateData();
    withPrivate.setBlock(committed.block);
    const number = committed.block.getHeader()?.getNumber() ?? 0;
    const privateData = (await context.privateDataFor?.(number, creator)) ?? new Map();
    const map = withPrivate.getPrivateDataMapMap();
    for (const [txIndex, pvt] of privateData) map.set(txIndex, pvt as never);
    response.setBlockAndPrivateData(withPrivate);
  } else {
    response.setBlock(committed.block);
  }
  return response;
}

function statusResponse(status: number): peer.DeliverResponse {
  const response = new peer.DeliverResponse();
  response.setStatus(status as never);
  return response;
}
