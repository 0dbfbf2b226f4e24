import { readFileSync } from 'node:fs';
import { round } from './stats';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: CallFrame; children?: readonly number[] }[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface CostLine {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time in the window. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly byArea: readonly CostLine[];
  readonly byFunction: readonly CostLine[];
  /**
   * Time charged to the innermost function of the repository's own code on the stack (network/,
   * chaincode/, scripts/), whatever library or native code it was running in: which of our
   * functions the time is spent for.
   */
  readonly byOwnFunction: readonly CostLine[];
}

/**
 * Self time of a V8 CPU profile, by area (package, or the repository's own directories) and by
 * function, optionally only for samples inside a window on the monotonic clock (µs), which is the
 * clock V8 stamps samples with and process.hrtime() reads, so windows match across processes.
 */
export function summarizeProfile(file: string, window?: { fromUs: number; toUs: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const ownFrameOf = (id: number): CallFrame | undefined => {
    for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
      const frame = frames.get(current);
      if (frame && isOwnCode(frame.url)) return frame;
    }
    return undefined;
  };
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byOwnFunction = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (window && (time < window.fromUs || time >= window.toUs)) continue;
    const frame = frames.get(profile.samples[index] ?? -1);
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleUs += delta;
      continue;
    }
    busyUs += delta;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + delta);
    const name = frameName(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    const own = ownFrameOf(profile.samples[index] ?? -1);
    const ownName = own ? frameName(own) : `(outside our code) ${area}`;
    byOwnFunction.set(ownName, (byOwnFunction.get(ownName) ?? 0) + delta);
  }
  const lines = (map: Map<string, number>): CostLine[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: round(us / 1000), percent: round((us * 100) / Math.max(1, busyUs)) }));
  return { file, busyMs: round(busyUs / 1000), idleMs: round(idleUs / 1000), byArea: lines(byArea), byFunction: lines(byFunction), byOwnFunction: lines(byOwnFunction) };
}

function frameName(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

const OWN_CODE = /\/(network|chaincode|gateway|scripts|test)\/dist\//;

function isOwnCode(url: string): boolean {
  return OWN_CODE.test(url) && !url.includes('node_modules');
}

/** The repository's own code by directory, dependencies by package, Node by module. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const ownCode = /\/(network|chaincode|gateway|scripts|test)\/dist\/([^/]+)/.exec(url);
  if (ownCode && isOwnCode(url)) return `${ownCode[1]}/${(ownCode[2] ?? '').replace(/\.js$/, '')}`;
  const modules = url.split('node_modules/');
  const last = modules[modules.length - 1];
  if (modules.length > 1 && last) {
    const parts = last.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? last);
  }
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  return shortUrl(url);
}

function shortUrl(url: string): string {
  const parts = url.replace(/^file:\/\//, '').split('/');
  return parts.slice(-2).join('/');
}

/** `node scripts/dist/profile-summary.js <file.cpuprofile> [fromUs toUs]`: the same summary, standalone. */
if (require.main === module) {
  const [file, from, to] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: profile-summary <file.cpuprofile> [fromUs toUs]\n');
    process.exit(2);
  }
  const summary = summarizeProfile(file, from && to ? { fromUs: Number(from), toUs: Number(to) } : undefined, 25);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
