import { invalidArgument } from '../lib/errors';
import type { CaptureInput, SubmitAuditPayload } from './audit-types';

/** Evidence of one vehicle: a photo for the crowd, or a VIN typed by hand. */
export function checkCaptureInput(capture: Pick<CaptureInput, 'manualEntry' | 'photoHash' | 'vinRead'>, field: string): void {
  if (capture.manualEntry && !capture.vinRead) throw invalidArgument(`${field}.vinRead`, 'is required for a VIN typed by hand');
  if (!capture.manualEntry && !capture.photoHash) throw invalidArgument(`${field}.photoHash`, 'is required unless the VIN is typed by hand');
}

/** Consistency of a submission beyond its schema: clocks that run forward, motion tied to path points, known units. */
export function checkSubmission(payload: SubmitAuditPayload, expectedUnitIds: ReadonlySet<string>, field = 'request.payload'): void {
  if (payload.finishedAtMs < payload.startedAtMs) throw invalidArgument(`${field}.finishedAtMs`, 'must not be before startedAtMs');
  payload.path.forEach((point, index) => {
    const previous = payload.path[index - 1];
    if (previous && point.atMs < previous.atMs) throw invalidArgument(`${field}.path[${index}].atMs`, 'must not be before the previous point');
  });
  payload.motion.forEach((sample, index) => {
    if (sample.pathIndex >= payload.path.length) throw invalidArgument(`${field}.motion[${index}].pathIndex`, 'must name a point of the path');
    const previous = payload.motion[index - 1];
    if (previous && sample.pathIndex < previous.pathIndex) throw invalidArgument(`${field}.motion[${index}].pathIndex`, 'must not go back along the path');
  });
  payload.vehicles.forEach((vehicle, index) => {
    checkCaptureInput(vehicle, `${field}.vehicles[${index}]`);
    if (vehicle.unitId && !expectedUnitIds.has(vehicle.unitId)) {
      throw invalidArgument(`${field}.vehicles[${index}].unitId`, 'is not a unit expected on this lot');
    }
  });
}
