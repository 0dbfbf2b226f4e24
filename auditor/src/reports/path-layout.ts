import { localOffsetMm } from './geo';
import type { GeoPoint } from './ledger-records';
import type { AuditPathView, RingState } from './report-model';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOutVehicle {
  readonly label: string;
  readonly recorded?: Point;
  readonly captured?: Point;
  readonly device?: Point;
  readonly ring?: { readonly center: Point; readonly radius: number; readonly state: RingState };
}

/**
 * The audit path drawing in page units (SVG pixels or PDF points), north up, one scale on both
 * axes. Shared by the SVG and the PDF renderers so both draw the same picture.
 */
export interface PathLayout {
  readonly width: number;
  readonly height: number;
  /** Millimetres on the ground per page unit. */
  readonly mmPerUnit: number;
  readonly path: readonly Point[];
  readonly vehicles: readonly LaidOutVehicle[];
  readonly lot: { readonly center: Point; readonly radius: number };
  readonly checkIns: readonly Point[];
  readonly scaleBar: { readonly units: number; readonly label: string };
}

export interface LayoutOptions {
  readonly width: number;
  readonly height: number;
  readonly margin: number;
}

/** A lot drawing shows at least this much ground, so one vehicle is not drawn at a huge scale. */
const MIN_EXTENT_MM = 10_000;
const SCALE_STEPS_M = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** What the drawing must show: the path, the vehicles with their rings. Not the lot circle: it may be far larger. */
function extentOf(view: AuditPathView): { minE: number; maxE: number; minN: number; maxN: number } {
  const origin = view.lotCenter;
  const boxes: { e: number; n: number; pad: number }[] = [];
  const add = (point: GeoPoint | undefined, pad = 0) => {
    if (!point) return;
    const { eastMm, northMm } = localOffsetMm(origin, point);
    boxes.push({ e: eastMm, n: northMm, pad });
  };
  view.points.forEach((point) => add(point.position));
  for (const vehicle of view.vehicles) {
    add(vehicle.recorded, vehicle.ring ? view.pathProximityMm : 0);
    add(vehicle.captured);
    add(vehicle.device);
  }
  if (boxes.length === 0) add(origin);
  const minE = Math.min(...boxes.map((box) => box.e - box.pad));
  const maxE = Math.max(...boxes.map((box) => box.e + box.pad));
  const minN = Math.min(...boxes.map((box) => box.n - box.pad));
  const maxN = Math.max(...boxes.map((box) => box.n + box.pad));
  const growE = Math.max(0, MIN_EXTENT_MM - (maxE - minE)) / 2;
  const growN = Math.max(0, MIN_EXTENT_MM - (maxN - minN)) / 2;
  return { minE: minE - growE, maxE: maxE + growE, minN: minN - growN, maxN: maxN + growN };
}

export function layoutAuditPath(view: AuditPathView, options: LayoutOptions): PathLayout {
  const extent = extentOf(view);
  const spanE = extent.maxE - extent.minE;
  const spanN = extent.maxN - extent.minN;
  const innerW = options.width - 2 * options.margin;
  const innerH = options.height - 2 * options.margin;
  const mmPerUnit = Math.max(spanE / innerW, spanN / innerH);
  // Centre the drawing in the spare room of the longer axis.
  const offsetX = options.margin + (innerW - spanE / mmPerUnit) / 2;
  const offsetY = options.margin + (innerH - spanN / mmPerUnit) / 2;
  const toPoint = (point: GeoPoint): Point => {
    const { eastMm, northMm } = localOffsetMm(view.lotCenter, point);
    return { x: round2(offsetX + (eastMm - extent.minE) / mmPerUnit), y: round2(offsetY + (extent.maxN - northMm) / mmPerUnit) };
  };
  const radius = (mm: number) => round2(mm / mmPerUnit);
  const vehicles = view.vehicles.map((vehicle): LaidOutVehicle => {
    const recorded = vehicle.recorded ? toPoint(vehicle.recorded) : undefined;
    return {
      label: vehicle.label,
      ...(recorded ? { recorded } : {}),
      ...(vehicle.captured ? { captured: toPoint(vehicle.captured) } : {}),
      ...(vehicle.device ? { device: toPoint(vehicle.device) } : {}),
      ...(recorded && vehicle.ring ? { ring: { center: recorded, radius: radius(view.pathProximityMm), state: vehicle.ring } } : {}),
    };
  });
  const targetM = (innerW * mmPerUnit) / 4 / 1000;
  const barM = [...SCALE_STEPS_M].reverse().find((step) => step <= targetM) ?? 1;
  return {
    width: options.width,
    height: options.height,
    mmPerUnit,
    path: view.points.map((point) => toPoint(point.position)),
    vehicles,
    lot: { center: toPoint(view.lotCenter), radius: radius(view.lotRadiusMm) },
    checkIns: view.checkIns.map(toPoint),
    scaleBar: { units: radius(barM * 1000), label: `${barM} m` },
  };
}
