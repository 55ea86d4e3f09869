/**
 * Password hashing with scrypt (node:crypto) and a random per-user salt.
 * Stored format: `scrypt$N$r$p$<salt base64>$<hash base64>`, so parameters can be raised later
 * without invalidating existing hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost parameters for new hashes: N = 2^14, r = 8, p = 1 (≈ 16 MiB, tens of ms per hash). */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128·N·r bytes plus slack
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Cost for passwords that are public anyway (the demo accounts' `gridops`, printed in the README): slow
 * hashing protects nothing there, and hundreds of demo managers would otherwise take a minute to hash.
 */
export const PUBLIC_PASSWORD_COST = 1024;

/**
 * Hashes a password with a fresh random salt. `cost` is scrypt's N (a power of two, default 2^14).
 * Resolves to the stored format string.
 * @throws RangeError when `cost` is not a power of two ≥ 2.
 */
export async function hashPassword(password: string, cost = N): Promise<string> {
  if (!Number.isInteger(cost) || cost < 2 || (cost & (cost - 1)) !== 0) throw new RangeError(`cost must be a power of two >= 2, got ${cost}`);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, R, P);
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Checks a password against a stored hash in constant time (with respect to the hash contents).
 * Resolves false for a malformed stored hash rather than throwing.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 1 << 20) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length === 0) return false;
  const key = await derive(password, salt, n, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/** A valid hash of a random password, verified against when a username does not exist (equal timing). */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
