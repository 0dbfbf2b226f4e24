import { Option, type Command } from 'commander';
import { consortium } from '@mobility-ledger/network/dist/consortium/consortium';
import type { BlockSourceChoice } from './block-source-choice';
import type { ConnectionOptions } from './peer-connection';

/** What commander parses from withConnectionOptions: the connection, and what to read through it. */
export interface NetworkCommandOptions extends ConnectionOptions {
  readonly chaincode: string;
  readonly blocks: BlockSourceChoice;
}

/** The options of commands that talk to a peer, like test/src/support/fabric-client.ts connects. */
export function withConnectionOptions(command: Command, dataDirHelp = "an embedded network's data directory (connects with --org and --user)"): Command {
  return command
    .option('--data-dir <dir>', dataDirHelp)
    .option('--org <org>', 'with --data-dir: oem, mobility, audit or an MSP ID', 'audit')
    .option('--user <name>', 'with --data-dir: the user under users/', 'User1')
    .option('--connection-profile <file>', 'a connection profile (JSON) of the org, for real Fabric')
    .option('--msp-dir <dir>', "with --connection-profile: the user's MSP directory (signcerts/, keystore/)")
    .option('--msp-id <id>', "with --connection-profile: the user's MSP ID (default: the profile's client organization)")
    .option('--peer <name>', 'with --connection-profile: which peer of the profile')
    .option('--channel <name>', 'channel', consortium.channelName)
    .option('--chaincode <name>', 'chaincode with the trail contract', consortium.chaincode.name)
    .addOption(new Option('--blocks <source>', 'where blocks come from').choices(['qscc', 'deliver', 'auto']).default('auto'));
}

export function connectionOptionsOf(options: NetworkCommandOptions): ConnectionOptions {
  return {
    channel: options.channel,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.org ? { org: options.org } : {}),
    ...(options.user ? { user: options.user } : {}),
    ...(options.connectionProfile ? { connectionProfile: options.connectionProfile } : {}),
    ...(options.mspDir ? { mspDir: options.mspDir } : {}),
    ...(options.mspId ? { mspId: options.mspId } : {}),
    ...(options.peer ? { peer: options.peer } : {}),
  };
}
