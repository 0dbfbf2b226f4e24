/**
 * Builds the auditor dashboard's web app with esbuild: auditor/web/src (TypeScript, CSS, HTML) into
 * auditor/dist/web — index.html, assets/dashboard.js (IIFE), assets/dashboard.css — plus the
 * device SDK's browser bundle (assets/mobility-sdk.js, global MobilitySdk), which signs the
 * auditor's login. Everything the page needs is served by the gateway: no CDN, fonts or tiles.
 *
 * Run: `npx tsx auditor/web/build.ts [--minify]`
 */
import { build, type BuildOptions } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { buildBrowserSdk } from '../../gateway/src/sdk/build-browser';

export const WEB_SOURCE = path.join(__dirname, 'src');
export const DEFAULT_OUT_DIR = path.resolve(__dirname, '..', 'dist', 'web');

export interface DashboardBuild {
  readonly outDir: string;
  readonly files: readonly string[];
}

export async function buildDashboard(options: { outDir?: string; minify?: boolean } = {}): Promise<DashboardBuild> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const assets = path.join(outDir, 'assets');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const minify = options.minify ?? false;
  const common: BuildOptions = { bundle: true, minify, sourcemap: true, logLevel: 'silent', target: ['es2020', 'chrome100', 'firefox100', 'safari15'] };
  await build({ ...common, entryPoints: [path.join(WEB_SOURCE, 'main.ts')], platform: 'browser', format: 'iife', outfile: path.join(assets, 'dashboard.js') });
  await build({ ...common, entryPoints: [path.join(WEB_SOURCE, 'dashboard.css')], outfile: path.join(assets, 'dashboard.css') });
  await copyFile(path.join(WEB_SOURCE, 'index.html'), path.join(outDir, 'index.html'));
  const sdk = await buildBrowserSdk({ outDir: assets, minify });
  return {
    outDir,
    files: [path.join(outDir, 'index.html'), path.join(assets, 'dashboard.js'), path.join(assets, 'dashboard.css'), ...sdk.files],
  };
}

if (require.main === module) {
  buildDashboard({ minify: process.argv.includes('--minify') })
    .then((result) => {
      for (const file of result.files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
