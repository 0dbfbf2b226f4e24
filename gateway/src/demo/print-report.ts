import type { StoryReport, StoryStep } from './story-record';

/** Readable console output of the story: steps as they commit, then what the ledger holds. */

const SCENE_TITLES: Readonly<Record<string, string>> = {
  pairing: 'Pairing a phone with a car (US 12,389,469): automaker gateway, OemMSP',
  ride: 'A ride with split keys and a pickup check (US 2020/0134763): operator gateway, MobilityMSP',
  audit: 'A lot audit with crowd verification and fraud detection (US 10,796,317): lender gateway, AuditMSP',
};

const short = (id: unknown, length = 10): string => (typeof id === 'string' && id.length > length ? `${id.slice(0, length)}…` : String(id));

export function sceneHeader(scene: string): string {
  const title = SCENE_TITLES[scene] ?? scene;
  return `\n── ${title} ${'─'.repeat(Math.max(3, 100 - title.length))}\n  ${'block'.padEnd(6)}${'transaction'.padEnd(14)}step`;
}

export function stepLine(step: StoryStep): string {
  const summary = step.summary ? `  → ${step.summary}` : '';
  return `  ${step.blockNumber.padEnd(6)}${short(step.txId).padEnd(14)}${step.title}${summary}`;
}

function field(record: Record<string, unknown>, key: string): string {
  return short(record[key], 14);
}

export function recordsSection(report: StoryReport): string {
  const { pairing, ride, audit } = report;
  const verdict = audit.verdict as { outcome?: string; fraud?: { type: string; vins: string[] }[]; confirmations?: { vin: string; result: string; reasons?: string[] }[] };
  const lines = [
    '\n── What the ledger recorded ' + '─'.repeat(75),
    `  Pairing, VIN ${pairing.vin}`,
    `    owner pairing   ${short(pairing.ownerPairingId, 16)} status ${field(pairing.ownerPairing, 'status')}, role ${field(pairing.ownerPairing, 'role')}, device ${field(pairing.ownerPairing, 'device')}`,
    `    second phone    ${short(pairing.secondaryPairingId, 16)} status ${field(pairing.secondaryPairing, 'status')}, role ${field(pairing.secondaryPairing, 'role')}, approved by ${field(pairing.secondaryPairing, 'approvedBy')}`,
    `    vehicle         owner pairing ${field(pairing.vehicle, 'ownerPairingId')}, ownership epoch ${field(pairing.vehicle, 'ownershipEpoch')}`,
    `  Ride ${short(ride.rideId, 16)}, car VIN ${ride.vin}`,
    `    status          ${field(ride.ride, 'status')}`,
    `    request hash    ${short((ride.ride.request as { firstHash?: string } | undefined)?.firstHash, 24)} (first hash)`,
    `    response hash   ${short((ride.ride.response as { secondHash?: string } | undefined)?.secondHash, 24)} (second hash)`,
    `    keys validated  rider: ${ride.keysValidated.rider.join(' + ') || 'none'}; driver: ${ride.keysValidated.driver.join(' + ') || 'none'} (both parts hash to the ledger's key hash)`,
    `    pickup check    rider verified by ${String(ride.pickup.method)}`,
    `    history         ${ride.history.map((entry) => `${entry.action}→${entry.status}`).join(', ')}`,
    `  Audit ${short(audit.auditId, 16)} of ${audit.lotId} (${audit.vins.length} cars, ${audit.readings} crowd readings)`,
    `    verdict         ${verdict.outcome ?? '?'}`,
    ...(verdict.fraud ?? []).map((entry) => `    fraud           ${entry.type}${entry.vins.length ? ` (${entry.vins.join(', ')})` : ''}`),
    ...(verdict.confirmations ?? []).map((entry) => `    car ${entry.vin}  ${entry.result}${entry.reasons?.length ? ` (${entry.reasons.join(', ')})` : ''}`),
  ];
  return lines.join('\n');
}

export function eventsSection(report: StoryReport): string {
  const lines = ['\n── Events each device received on its own stream (GET /v1/events, SSE) ' + '─'.repeat(31)];
  for (const device of report.devices) {
    lines.push(`  ${device.label} (${device.type}, ${short(device.address, 12)}, via ${device.gateway}): ${device.events.length} notices`);
    for (const event of device.events) {
      const extra = event.private ? `  + private: ${Object.keys(event.private).join(', ')}` : '';
      lines.push(`    @${event.position.padEnd(10)} block ${event.blockNumber.padEnd(5)} ${event.type}${extra}`);
    }
  }
  return lines.join('\n');
}

export function summaryLine(report: StoryReport, elapsedMs: number): string {
  const blocks = report.steps.map((step) => Number(step.blockNumber));
  const notices = report.devices.reduce((sum, device) => sum + device.events.length, 0);
  return `\n${report.steps.length} transactions in blocks ${Math.min(...blocks)}–${Math.max(...blocks)}, ${notices} notices delivered to ${report.devices.length} devices, ${(elapsedMs / 1000).toFixed(1)} s.`;
}
