/**
 * Argument handling shared by the system chaincodes, with Go's semantics where Fabric's messages
 * depend on them (string(bytes), strconv.ParseUint, %q and %x formatting).
 */
import { peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';

const UTF8 = new TextDecoder();

/** stub.GetArgs(): the proposal's ChaincodeInput args (function name first). */
export function argsOf(proposal: UnpackedProposal): Uint8Array[] {
  return proposal.input.getArgsList_asU8();
}

/** Go's string(bytes), shown as text (invalid UTF-8 becomes U+FFFD). */
export function goString(bytes: Uint8Array | undefined): string {
  return bytes ? UTF8.decode(bytes) : '';
}

/** Go's %x of a byte slice. */
export function goHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * protoutil.InvokedChaincodeName: the chaincode the client's invocation spec names. The system
 * chaincodes refuse calls whose spec names another chaincode (chaincode-to-chaincode calls).
 */
export function invokedChaincodeName(proposal: UnpackedProposal): string {
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(proposal.chaincodeProposalPayload.getInput_asU8());
  const spec = invocation.getChaincodeSpec();
  if (!spec) throw new Error('chaincode spec is nil');
  const chaincodeId = spec.getChaincodeId();
  if (!chaincodeId) throw new Error('chaincode id is nil');
  return chaincodeId.getName();
}

export const MAX_UINT64 = 2n ** 64n - 1n;

/** strconv.ParseUint(text, 10, 64), throwing Go's *NumError message. */
export function parseUint64(text: string): bigint {
  if (!/^[0-9]+$/.test(text)) throw new Error(`strconv.ParseUint: parsing ${goQuote(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value > MAX_UINT64) throw new Error(`strconv.ParseUint: parsing ${goQuote(text)}: value out of range`);
  return value;
}

/** strconv.Quote: printable runes as is, the rest escaped (unicode.IsPrint is L, M, N, P, S and ' '). */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const rune of text) {
    quoted += quoteRune(rune);
  }
  return `${quoted}"`;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

function quoteRune(rune: string): string {
  const escape = SHORT_ESCAPES[rune];
  if (escape) return escape;
  if (PRINTABLE.test(rune)) return rune;
  const code = rune.codePointAt(0) ?? 0;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
