import { VinAuditContract } from './audit-contract';
import { VinAuditCrowdContract } from './crowd-contract';
import { VinAuditHistoryContract } from './history-contract';
import { VinAuditLotsContract } from './lots-contract';

export { VinAuditContract, VinAuditCrowdContract, VinAuditHistoryContract, VinAuditLotsContract };

/** Every VIN audit contract class, for chaincode/src/contracts.ts. */
export const VIN_AUDIT_CONTRACTS = [VinAuditLotsContract, VinAuditContract, VinAuditCrowdContract, VinAuditHistoryContract] as const;
