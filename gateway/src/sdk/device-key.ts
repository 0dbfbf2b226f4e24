import type { TypedDataSigner } from '@mobility-ledger/chaincode/dist/devices/device-request';
import {
  HDNodeWallet,
  Mnemonic,
  Wallet,
  decryptKeystoreJson,
  encryptKeystoreJson,
  getAddress,
  type KeystoreAccount,
  type TypedDataDomain,
  type TypedDataField,
} from 'ethers';

/** scrypt cost of exported key files: ethers' default (2^17) unless a caller trades safety for speed. */
export interface KeyExportOptions {
  readonly scryptN?: number;
}

/**
 * A device's own secp256k1 key (the phone or vehicle component holds it; no Fabric identity). It
 * signs EIP-712 device requests and can be backed up as a BIP-39 mnemonic or an encrypted JSON
 * keystore (the Web3 Secret Storage format every Ethereum wallet reads).
 */
export class DeviceKey implements TypedDataSigner {
  private constructor(private readonly wallet: Wallet | HDNodeWallet) {}

  /** A new random key with a 12-word mnemonic for backup. */
  static create(): DeviceKey {
    return new DeviceKey(Wallet.createRandom());
  }

  static fromMnemonic(phrase: string, path?: string): DeviceKey {
    return new DeviceKey(HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase.trim()), path));
  }

  static fromPrivateKey(privateKey: string): DeviceKey {
    return new DeviceKey(new Wallet(privateKey));
  }

  /** Decrypts a keystore JSON; a wrong password rejects (ethers: "incorrect password"). */
  static async fromEncryptedJson(json: string, password: string): Promise<DeviceKey> {
    const account = await decryptKeystoreJson(json, password);
    if (account.mnemonic) {
      const mnemonic = Mnemonic.fromEntropy(account.mnemonic.entropy, null);
      const wallet = HDNodeWallet.fromMnemonic(mnemonic, account.mnemonic.path ?? undefined);
      if (wallet.address !== account.address) throw new Error('keystore: mnemonic does not derive the stored address');
      return new DeviceKey(wallet);
    }
    return new DeviceKey(new Wallet(account.privateKey));
  }

  /** Checksummed device address: the device's identity in the registry. */
  get address(): string {
    return this.wallet.address;
  }

  /** Uncompressed public key (`0x04…`), as `devices.register` expects it. */
  get publicKey(): string {
    return this.wallet.signingKey.publicKey;
  }

  /** The backup phrase, when the key came from a mnemonic. */
  get mnemonic(): string | undefined {
    return this.wallet instanceof HDNodeWallet ? (this.wallet.mnemonic?.phrase ?? undefined) : undefined;
  }

  async toEncryptedJson(password: string, options: KeyExportOptions = {}): Promise<string> {
    const account: KeystoreAccount = { address: this.wallet.address, privateKey: this.wallet.privateKey };
    if (this.wallet instanceof HDNodeWallet && this.wallet.mnemonic) {
      account.mnemonic = { entropy: this.wallet.mnemonic.entropy, path: this.wallet.path ?? undefined, locale: 'en' };
    }
    return encryptKeystoreJson(account, password, options.scryptN ? { scrypt: { N: options.scryptN } } : {});
  }

  async getAddress(): Promise<string> {
    return getAddress(this.wallet.address);
  }

  async signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string> {
    return this.wallet.signTypedData(domain, types, value);
  }
}
