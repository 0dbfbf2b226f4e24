import { escapeXml, svgNumber as n } from './markup';
import { layoutAuditPath, type PathLayout, type Point } from './path-layout';
import type { AuditPathView } from './report-model';
import { metres } from './format';

export interface AuditPathSvgOptions {
  readonly width?: number;
  readonly height?: number;
  /** Distinguishes the clip path when several drawings share one HTML page. */
  readonly idSuffix?: string;
}

const RING_STYLE = {
  reached: { stroke: '#1b7f3b', dash: '' },
  'not-reached': { stroke: '#c62828', dash: '' },
  'not-captured': { stroke: '#757575', dash: ' stroke-dasharray="3 2"' },
} as const;

const points = (list: readonly Point[]) => list.map((point) => `${n(point.x)},${n(point.y)}`).join(' ');

function legend(layout: PathLayout): string {
  const y = layout.height - 10;
  const barX = layout.width - 12 - layout.scaleBar.units;
  return [
    `<g class="legend" font-size="10" fill="#333">`,
    `<line class="scale-bar" x1="${n(barX)}" y1="${n(y)}" x2="${n(barX + layout.scaleBar.units)}" y2="${n(y)}" stroke="#333" stroke-width="2"/>`,
    `<text x="${n(barX)}" y="${n(y - 4)}">${escapeXml(layout.scaleBar.label)}</text>`,
    `<text x="8" y="14">● start ■ end of path · ■ recorded · ● captured · ▲ device · rings: reached (green), missed (red), not captured (grey)</text>`,
    `</g>`,
  ].join('');
}

function vehicleMarks(layout: PathLayout): string {
  return layout.vehicles
    .map((vehicle) => {
      const parts: string[] = [`<g class="vehicle" data-vin-tail="${escapeXml(vehicle.label)}">`];
      if (vehicle.ring) {
        const style = RING_STYLE[vehicle.ring.state];
        parts.push(
          `<circle class="ring ring-${vehicle.ring.state}" cx="${n(vehicle.ring.center.x)}" cy="${n(vehicle.ring.center.y)}" r="${n(vehicle.ring.radius)}" fill="none" stroke="${style.stroke}" stroke-width="1.5"${style.dash}/>`,
        );
      }
      if (vehicle.recorded && vehicle.captured) {
        // Where the vehicle was found, against where it is recorded (fraud factor 1, vehicle location).
        parts.push(`<line class="offset" x1="${n(vehicle.recorded.x)}" y1="${n(vehicle.recorded.y)}" x2="${n(vehicle.captured.x)}" y2="${n(vehicle.captured.y)}" stroke="#ef6c00" stroke-width="1" stroke-dasharray="2 2"/>`);
      }
      if (vehicle.recorded) {
        parts.push(`<rect class="recorded" x="${n(vehicle.recorded.x - 3)}" y="${n(vehicle.recorded.y - 3)}" width="6" height="6" fill="#1565c0"/>`);
      }
      if (vehicle.captured) parts.push(`<circle class="captured" cx="${n(vehicle.captured.x)}" cy="${n(vehicle.captured.y)}" r="2.5" fill="#ef6c00"/>`);
      if (vehicle.device) {
        const { x, y } = vehicle.device;
        parts.push(`<path class="device" d="M${n(x)},${n(y - 3)} L${n(x + 3)},${n(y + 2)} L${n(x - 3)},${n(y + 2)} Z" fill="#6a1b9a"/>`);
      }
      const anchor = vehicle.recorded ?? vehicle.captured;
      if (anchor) parts.push(`<text x="${n(anchor.x + 6)}" y="${n(anchor.y - 5)}" font-size="9" fill="#222">…${escapeXml(vehicle.label)}</text>`);
      parts.push('</g>');
      return parts.join('');
    })
    .join('');
}

/** Draws an already laid-out audit path (the HTML report and the dashboard embed the result inline). */
export function renderPathLayoutSvg(layout: PathLayout, view: AuditPathView, idSuffix = 'path'): string {
  const clipId = `plot-${idSuffix.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const first = layout.path[0];
  const last = layout.path[layout.path.length - 1];
  const title = `Audit path: ${view.points.length} GPS points, ${metres(view.lengthMm)} m; rings of ${metres(view.pathProximityMm)} m around recorded vehicle positions`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="audit-path-map" viewBox="0 0 ${n(layout.width)} ${n(layout.height)}" width="${n(layout.width)}" height="${n(layout.height)}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs><clipPath id="${clipId}"><rect x="0" y="0" width="${n(layout.width)}" height="${n(layout.height)}"/></clipPath></defs>`,
    `<rect class="lot-ground" x="0" y="0" width="${n(layout.width)}" height="${n(layout.height)}" fill="#f4f4f0" stroke="#999"/>`,
    `<g clip-path="url(#${clipId})">`,
    `<circle class="lot-boundary" cx="${n(layout.lot.center.x)}" cy="${n(layout.lot.center.y)}" r="${n(layout.lot.radius)}" fill="#e8efe2" stroke="#8a9a7b" stroke-dasharray="6 4"/>`,
    `<path class="lot-center" d="M${n(layout.lot.center.x - 5)},${n(layout.lot.center.y)} h10 M${n(layout.lot.center.x)},${n(layout.lot.center.y - 5)} v10" stroke="#555"/>`,
    vehicleMarks(layout),
    `<polyline class="audit-path" points="${points(layout.path)}" fill="none" stroke="#0d47a1" stroke-width="1.5" stroke-linejoin="round"/>`,
    first ? `<circle class="path-start" cx="${n(first.x)}" cy="${n(first.y)}" r="4" fill="#0d47a1"/>` : '',
    last ? `<rect class="path-end" x="${n(last.x - 4)}" y="${n(last.y - 4)}" width="8" height="8" fill="#0d47a1"/>` : '',
    ...layout.checkIns.map((point) => `<circle class="check-in" cx="${n(point.x)}" cy="${n(point.y)}" r="5" fill="none" stroke="#6a1b9a" stroke-width="1.5"/>`),
    `</g>`,
    `<text x="${n(layout.width - 14)}" y="18" font-size="11" text-anchor="middle" fill="#333">N</text>`,
    `<path d="M${n(layout.width - 14)},22 l-4,10 h8 z" fill="#333"/>`,
    legend(layout),
    `</svg>`,
  ].join('');
}

/** Claim 7 item 6: the audit path over the lot, vehicle positions and the fraud-factor-2 distance rings. */
export function renderAuditPathSvg(view: AuditPathView, options: AuditPathSvgOptions = {}): string {
  const layout = layoutAuditPath(view, { width: options.width ?? 640, height: options.height ?? 420, margin: 28 });
  return renderPathLayoutSvg(layout, view, options.idSuffix);
}
