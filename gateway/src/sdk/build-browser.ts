import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import path from 'node:path';

/**
 * Builds the browser bundle of the SDK with esbuild: `dist/browser/mobility-sdk.js` (IIFE, global
 * `MobilitySdk`) and `dist/browser/mobility-sdk.esm.js` (ES module). Chaincode modules are bundled
 * from their TypeScript sources, with `lib/hash.ts` (node:crypto) replaced by the ethers-based shim.
 *
 * Run: `node gateway/dist/sdk/build-browser.js` (or `npx tsx gateway/src/sdk/build-browser.ts`).
 */

/** gateway/ (this file is gateway/src/sdk/… or gateway/dist/sdk/…). */
const GATEWAY_ROOT = path.resolve(__dirname, '..', '..');
const SDK_SOURCE = path.join(GATEWAY_ROOT, 'src', 'sdk');
const CHAINCODE_SOURCE = path.resolve(path.dirname(require.resolve('@mobility-ledger/chaincode/package.json')), 'src');

export const BROWSER_ENTRY = path.join(SDK_SOURCE, 'browser', 'index.ts');
export const HASH_SHIM = path.join(SDK_SOURCE, 'browser', 'sha256-shim.ts');
export const DEFAULT_OUT_DIR = path.join(GATEWAY_ROOT, 'dist', 'browser');
export const GLOBAL_NAME = 'MobilitySdk';

/**
 * `@mobility-ledger/chaincode/dist/x` → `chaincode/src/x.ts` (no build of chaincode needed, and
 * esbuild sees ES modules), and the chaincode's `lib/hash` → the shim.
 */
export function chaincodeSourcePlugin(chaincodeSource = CHAINCODE_SOURCE): Plugin {
  return {
    name: 'mobility-chaincode-source',
    setup(builder) {
      builder.onResolve({ filter: /^@mobility-ledger\/chaincode\/dist\// }, (args) => ({
        path: path.join(chaincodeSource, `${args.path.replace(/^@mobility-ledger\/chaincode\/dist\//, '')}.ts`),
      }));
      builder.onResolve({ filter: /(^|\/)hash$/ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        return target === path.join(chaincodeSource, 'lib', 'hash') ? { path: HASH_SHIM } : undefined;
      });
      builder.onResolve({ filter: /^@mobility-ledger\/chaincode$/ }, () => ({
        errors: [{ text: 'import chaincode modules by path (@mobility-ledger/chaincode/dist/…): the package index loads fabric-shim' }],
      }));
    },
  };
}

export interface BrowserBuild {
  readonly files: readonly string[];
  readonly metafile: Metafile;
}

export async function buildBrowserSdk(options: { outDir?: string; minify?: boolean } = {}): Promise<BrowserBuild> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const common: BuildOptions = {
    entryPoints: [BROWSER_ENTRY],
    bundle: true,
    platform: 'browser',
    target: ['es2020'],
    sourcemap: true,
    minify: options.minify ?? false,
    metafile: true,
    logLevel: 'silent',
    plugins: [chaincodeSourcePlugin()],
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
  };
  const iifeFile = path.join(outDir, 'mobility-sdk.js');
  const esmFile = path.join(outDir, 'mobility-sdk.esm.js');
  const iife = await build({ ...common, format: 'iife', globalName: GLOBAL_NAME, outfile: iifeFile });
  const esm = await build({ ...common, format: 'esm', outfile: esmFile });
  const inputs = { ...iife.metafile?.inputs, ...esm.metafile?.inputs };
  const outputs = { ...iife.metafile?.outputs, ...esm.metafile?.outputs };
  return { files: [iifeFile, esmFile], metafile: { inputs, outputs } };
}

if (require.main === module) {
  buildBrowserSdk({ minify: process.argv.includes('--minify') })
    .then((result) => {
      for (const file of result.files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
