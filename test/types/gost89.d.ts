// The parts of the `gost89` package (a dev-only peer for tests and benchmarks) that they call.
declare module 'gost89' {
  interface Gost89Cipher {
    key(key: Buffer): void;
    crypt_cfb(iv: Buffer, clear: Buffer, out?: Buffer): Buffer;
    decrypt_cfb(iv: Buffer, ctext: Buffer, clear?: Buffer): Buffer;
  }
  const gost89: {
    init(sbox?: unknown): Gost89Cipher;
    gosthash(data: Buffer | string): Buffer;
  };
  export default gost89;
}
