/** What views ask the page to open. */
export interface Navigator {
  openEntity(kind: string, id: string): void;
  openLot(lotId: string): void;
  openAudit(auditId: string): void;
}
