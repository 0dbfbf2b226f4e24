import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import {
  defaultReferenceDir,
  deploymentOf,
  generateRunDirectory,
  listeningPorts,
  regenerateRunDirectory,
  rotateIdentityCertificate,
  rotateTlsCertificate,
  referenceDrift,
  writePackage,
  writeProfiles,
  writeReference,
  type ChaincodeLaunch,
  type FabricTarget,
} from '../fabric-artifacts';

/**
 * `mobility-network fabric …`: the TypeScript half of the real-Fabric deployment. It writes every
 * artefact that follows from consortium.ts into a run directory; the bash scripts in
 * network/fabric/ call it, then run Fabric's binaries (cryptogen, configtxgen, orderer, peer, osnadmin).
 */

const DEFAULT_RUN_DIR = path.resolve(__dirname, '..', '..', '..', '.fabric');

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return parsed;
}

function runDirOption(): Option {
  return new Option('--dir <dir>', 'the run directory').default(process.env.FABRIC_RUN_DIR ?? DEFAULT_RUN_DIR);
}

function print(value: unknown): void {
  process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
}

export function fabricCommand(): Command {
  const fabric = new Command('fabric').description('real Hyperledger Fabric 2.5 artefacts generated from the consortium definition (see network/README.md)');

  fabric
    .command('generate')
    .description('write config/ (configtx.yaml, crypto-config.yaml, core.yaml, orderer.yaml, collections), env/, chaincode/ and network.json')
    .addOption(runDirOption())
    .addOption(new Option('--target <target>', 'native processes on loopback, or docker compose').choices(['native', 'compose']).default('native'))
    .option('--port-offset <n>', 'added to every port (7050, 7051, 9051, 11051, 9443…, 9999)', integer, 0)
    .option('--batch-timeout <ms>', "orderer BatchTimeout in the genesis block (default: the consortium's)", integer)
    .option('--chaincode-tls', 'peers reach the chaincode server over TLS (a chaincode TLS CA is created)', false)
    .addOption(
      new Option('--chaincode-launch <how>', 'chaincode as a service (fabric-chaincode-node server), or launched by each peer (fabric-chaincode-node start)')
        .choices(['service', 'peer'])
        .default('service'),
    )
    .action(async (options: { dir: string; target: FabricTarget; portOffset: number; batchTimeout?: number; chaincodeTls: boolean; chaincodeLaunch: ChaincodeLaunch }) => {
      const dir = path.resolve(options.dir);
      const deployment = await generateRunDirectory(dir, {
        target: options.target,
        portOffset: options.portOffset,
        chaincodeTls: options.chaincodeTls,
        chaincodeLaunch: options.chaincodeLaunch,
        ...(options.batchTimeout !== undefined ? { batchTimeoutMs: options.batchTimeout } : {}),
      });
      print({ runDir: dir, target: deployment.target, portOffset: deployment.portOffset, ports: listeningPorts(deployment) });
    });

  fabric
    .command('regenerate')
    .description('rewrite the generated files of a run directory from the current consortium.ts (same options) and re-pack the chaincode; for upgrades')
    .addOption(runDirOption())
    .action(async (options: { dir: string }) => {
      const { deployment, pkg } = await regenerateRunDirectory(path.resolve(options.dir));
      print({ runDir: path.resolve(options.dir), chaincode: deployment.definition.chaincode, packageId: pkg.packageId });
    });

  fabric
    .command('profiles')
    .description('write the gateway connection profiles from the crypto material in organizations/ (run after cryptogen)')
    .addOption(runDirOption())
    .action(async (options: { dir: string }) => {
      print(await writeProfiles(path.resolve(options.dir)));
    });

  fabric
    .command('package')
    .description('pack the chaincode: a ccaas package of chaincode/metadata.json and connection.json, or a node package of chaincode/dist (peer-launched); prints the package ID')
    .addOption(runDirOption())
    .action(async (options: { dir: string }) => {
      print(await writePackage(path.resolve(options.dir)));
    });

  fabric
    .command('rotate-cert')
    .description("issue a new key and certificate from the org's CA for a node or user (--tls: a peer's TLS server certificate); restart the node afterwards")
    .addOption(runDirOption())
    .requiredOption('--identity <name>', 'peer0.oem.mobility.example, User1@oem.mobility.example, Admin@audit.mobility.example…')
    .option('--tls', "the node's TLS server certificate instead of its MSP signing certificate", false)
    .action(async (options: { dir: string; identity: string; tls: boolean }) => {
      const dir = path.resolve(options.dir);
      const deployment = await deploymentOf(dir);
      const rotate = options.tls ? rotateTlsCertificate : rotateIdentityCertificate;
      print(await rotate(dir, deployment, options.identity));
    });

  fabric
    .command('reference')
    .description('rewrite (or with --check, compare) the committed copies in network/fabric/config')
    .option('--dir <dir>', 'where the committed copies live', defaultReferenceDir())
    .option('--check', 'only report drift; exit 1 if there is any', false)
    .action(async (options: { dir: string; check: boolean }) => {
      const dir = path.resolve(options.dir);
      if (options.check) {
        const drift = await referenceDrift(dir);
        if (drift.length > 0) {
          print(drift.join('\n'));
          process.exitCode = 1;
        }
        return;
      }
      const files = await writeReference(dir);
      print(`wrote ${files.length} files under ${dir}`);
    });

  return fabric;
}
