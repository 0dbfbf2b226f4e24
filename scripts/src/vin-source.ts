import { computeCheckDigit } from '@mobility-ledger/chaincode/dist/vinaudit/vin';

/** Characters allowed in a VIN serial (no I, O, Q). */
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/**
 * Unique, check-digit-valid VINs: an 8-character manufacturer/descriptor prefix, the check digit,
 * then 8 characters counting up. Unique VINs keep the VIN-index range reads of concurrent
 * RecordVehicles transactions disjoint (no phantom-read conflicts).
 */
export class VinSource {
  private counter = 0;

  constructor(
    private readonly prefix: string,
    private readonly start = 0,
  ) {
    if (!/^[A-HJ-NPR-Z0-9]{8}$/.test(prefix)) throw new Error(`VIN prefix must be 8 VIN characters: ${prefix}`);
  }

  next(): string {
    const serial = encode(this.start + this.counter, 8);
    this.counter += 1;
    const draft = `${this.prefix}0${serial}`;
    return `${this.prefix}${computeCheckDigit(draft)}${serial}`;
  }
}

function encode(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let index = 0; index < width; index++) {
    text = (VIN_CHARS[rest % VIN_CHARS.length] ?? '0') + text;
    rest = Math.floor(rest / VIN_CHARS.length);
  }
  if (rest > 0) throw new Error(`VIN serial ${value} does not fit in ${width} characters`);
  return text;
}
