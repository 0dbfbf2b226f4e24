import { Type, type Static } from '@sinclair/typebox';
import { FeatureVector as ChaincodeFeatureVector } from '@mobility-ledger/chaincode/dist/vinaudit/verdict-types';

/**
 * `vinaudit.history:ListFeatureVectors`: one finalized audit as integers (claims 11-13), written by
 * the chaincode with the verdict (chaincode/src/vinaudit/features.ts). The chaincode's own fields,
 * read with extra fields allowed so a chaincode that adds features does not break the detector.
 */
export const FeatureVector = Type.Object(ChaincodeFeatureVector.properties);
export type FeatureVector = Static<typeof FeatureVector>;
