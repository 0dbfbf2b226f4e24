/** Text for people; ledger values stay exact elsewhere. */

export function shortId(id: string, length = 12): string {
  return id.length > length + 2 ? `${id.slice(0, length)}…` : id;
}

/** ISO time as `YYYY-MM-DD HH:MM:SS UTC` (the ledger's clock, not the viewer's zone). */
export function utc(value: string | number | undefined): string {
  if (value === undefined) return '–';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function percent(permille: number): string {
  return `${(permille / 10).toFixed(1)} %`;
}

export function metres(millimetres: number): string {
  return `${(millimetres / 1000).toFixed(1)} m`;
}
