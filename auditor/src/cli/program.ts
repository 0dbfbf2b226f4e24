/**
 * The `mobility-audit` command line:
 *   trail <kind> <id>                          every transaction that touched a VIN, pairing, device, ride or audit
 *   evidence export <kind> <id> --out f.json   a self-contained, offline-verifiable evidence bundle
 *   verify <bundle> --trust <checkpoint>       verify a bundle without network access
 *   scan --data-dir D | --online               walk the whole chain and report the first problem
 */
import { Command, InvalidArgumentError } from 'commander';
import { connectToPeer } from './peer-connection';
import { exportCommand, scanCommand, trailCommand, verifyCommand, type Connector } from './commands';
import type { CliIo } from './cli-io';
import { withConnectionOptions } from './connection-options';

function blockNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a block number');
  return parsed;
}

const KINDS_HELP = 'vin | pairing | device | ride | audit';
const TRUST_HELP = "'genesis' or '<block number>:<64-hex header hash>' (e.g. the checkpoint a scan reported)";

export function buildProgram(io: CliIo, connector: Connector = connectToPeer): Command {
  const program = new Command()
    .name('mobility-audit')
    .description('Mobility Ledger auditor tools: trails, evidence bundles with offline verification, ledger integrity scans')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();

  withConnectionOptions(program.command('trail').argument('<kind>', KINDS_HELP).argument('<id>', 'VIN, device address, or pairing / ride / audit ID'))
    .description('every transaction that touched an entity, in ledger order')
    .option('--json', 'print the trail as JSON')
    .option('--args', 'keep each transaction’s arguments (JSON output)')
    .action((kind: string, id: string, options) => trailCommand(io, connector, kind, id, options));

  const evidence = program.command('evidence').description('evidence bundles');
  withConnectionOptions(evidence.command('export').argument('<kind>', KINDS_HELP).argument('<id>', 'the entity'))
    .description("export a bundle proving a record's value: the entity's own record, latest version, unless --key / --tx say otherwise")
    .requiredOption('--out <file>', 'where to write the bundle (JSON)')
    .option('--key <key>', 'another key of the entity (as `trail` lists it, e.g. vinaudit-unit/lot-1/…)')
    .option('--tx <txId>', 'the version written by this transaction instead of the latest')
    .option('--trust <checkpoint>', `checkpoint to chain the bundle to: ${TRUST_HELP}`, 'genesis')
    .option('--policy <policy>', 'the chaincode policy when the ledger holds no lifecycle definition', '/Channel/Application/Endorsement')
    .action((kind: string, id: string, options) => exportCommand(io, connector, kind, id, options));

  program
    .command('verify')
    .argument('<bundle>', 'evidence bundle file')
    .description('verify a bundle offline: header chain, data hashes, orderer and endorsement signatures, policy, validation code, value')
    .requiredOption('--trust <checkpoint>', TRUST_HELP)
    .option('--policy <policy>', 'the chaincode policy expected when the ledger holds no lifecycle definition', '/Channel/Application/Endorsement')
    .option('--json', 'print the outcome as JSON')
    .action((bundle: string, options) => verifyCommand(io, bundle, options));

  withConnectionOptions(program.command('scan'), "the ledger to scan offline (an embedded network's data directory or a peer's file system path); with --online, the network to connect to")
    .description('walk the chain from genesis and report the first broken link, bad signature or inconsistent state')
    .option('--online', 'scan through a peer (qscc or Deliver) instead of block files')
    .option('--from <block>', 'with --online: first block', blockNumber)
    .option('--to <block>', 'with --online: last block (needed with --blocks deliver)', blockNumber)
    .option('--keep-going', 'report every problem, not only the first')
    .option('--no-state', 'do not compare the world state with the replay')
    .option('--no-signatures', 'check the hash chain only (fast)')
    .option('--policy <policy>', 'the chaincode policy when the ledger holds no lifecycle definition', '/Channel/Application/Endorsement')
    .option('--json', 'print the report as JSON')
    .action((options) => scanCommand(io, connector, options));

  return program;
}
