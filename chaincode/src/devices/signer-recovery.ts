import { Signature, concat, dataSlice, getAddress, getBytes, keccak256 } from 'ethers';
import secp256k1 from 'secp256k1';
import { deviceRequestDigest, payloadHash, type SignedDeviceRequest } from './device-request';

/**
 * The address that signed an EIP-712 digest, as ethers' `recoverAddress` gives it, but with
 * libsecp256k1 (the `secp256k1` package's native binding, ~20× faster than ethers' pure-JS curve;
 * elliptic when no binding loads). The signature is parsed by ethers' own `Signature.from`, so the
 * same signatures are accepted and refused; the two agree on every input (signer-recovery.test.ts).
 * Throws on a malformed signature or when no key recovers.
 */
export function recoverSignerAddress(digest: string, signature: string): string {
  const parsed = Signature.from(signature);
  const publicKey = secp256k1.ecdsaRecover(getBytes(concat([parsed.r, parsed.s])), parsed.yParity, getBytes(digest), false);
  return getAddress(dataSlice(keccak256(publicKey.subarray(1)), 12));
}

// Recovery is pure; endorsers served by one chaincode process (CCaaS) see the same request several
// times, so remember recent results.
const RECOVERY_CACHE_LIMIT = 4096;
const recoveryCache = new Map<string, string>();

/** The address that signed the request (checksummed), or undefined when the signature is malformed. */
export function recoverDeviceRequestSigner(request: SignedDeviceRequest): string | undefined {
  // Keyed on every typed field (the payload by its hash), so a hit skips the EIP-712 digest too.
  const hashOfPayload = payloadHash(request.payload);
  const cacheKey = [request.signature, request.device, request.action, request.channel, request.nonce, request.expiresAt, hashOfPayload].join('|');
  const cached = recoveryCache.get(cacheKey);
  if (cached) return cached;
  let signer: string;
  try {
    signer = recoverSignerAddress(deviceRequestDigest(request, hashOfPayload), request.signature);
  } catch {
    return undefined;
  }
  if (recoveryCache.size >= RECOVERY_CACHE_LIMIT) {
    const oldest = recoveryCache.keys().next().value;
    if (oldest !== undefined) recoveryCache.delete(oldest);
  }
  recoveryCache.set(cacheKey, signer);
  return signer;
}
