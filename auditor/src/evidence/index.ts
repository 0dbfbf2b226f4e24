/** Evidence bundles and their offline verification (issue #7). */
export { exportEvidence, EvidenceExportError, type ExportOptions, type RecordWrite } from './export-bundle';
export { verifyBundle, checkBundle, type VerificationOutcome, type VerifyOptions } from './verify-bundle';
export { EVIDENCE_FORMAT, EvidenceBundleSchema, parseBundle, type EvidenceBundle } from './bundle-format';
export { parseTrustAnchor, formatTrustAnchor, TrustAnchorSyntaxError, type TrustAnchor } from './trust-anchor';
export { VerificationError, type RejectionReason } from './verification-error';
export type { VerifiedEvidence, IdentitySummary } from './verified-evidence';
export { ChannelTrust, BLOCK_VALIDATION_POLICY } from './channel-trust';
export { ChannelIdentities, VerifiedIdentity } from './channel-identities';
export { checkDataHash, checkOrdererSignatures, malformedTransaction } from './block-checks';
export { checkEndorserTransaction, type CheckedTransaction } from './transaction-checks';
export { DEFAULT_ENDORSEMENT_POLICY, describePolicyStatement, type PolicyStatement } from './endorsement-policy';
