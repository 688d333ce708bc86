// Password hashing off the event loop. New hashes are scrypt (node:crypto runs it on the libuv
// threadpool): "scrypt$N$r$p$salt$key", base64. Hashes from earlier versions are bcrypt (bcryptjs is
// pure JS and would block the event loop for ~250 ms per check), so they are checked in a worker
// thread and replaced by scrypt on the next successful sign-in (needsRehash).
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { verifyBcryptOffThread } from "@/lib/auth/bcrypt-worker";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
// 128 * N * r bytes of working memory (32 MiB), above node's 32 MiB default cap.
const MAXMEM = 64 * 1024 * 1024;

function scrypt(plain: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(plain.normalize("NFKC"), salt, KEY_LEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(plain, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

// Compared against when the email is unknown, so a miss costs as long as a wrong password and
// response time does not reveal which emails exist. Computed once per process.
let dummy: Promise<string> | undefined;

async function verifyScrypt(plain: string, hash: string): Promise<boolean> {
  const [, n, r, p, salt, key] = hash.split("$");
  const want = Buffer.from(key ?? "", "base64");
  const nn = Number(n), rr = Number(r), pp = Number(p);
  // Parameters outside what we write would let a tampered row make us burn memory or CPU.
  if (![nn, rr, pp].every(Number.isInteger) || nn > 2 ** 17 || rr > 16 || pp > 4 || want.length !== KEY_LEN) return false;
  const got = await scrypt(plain, Buffer.from(salt ?? "", "base64"), nn, rr, pp);
  return timingSafeEqual(got, want);
}

export async function verifyPassword(plain: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    dummy ??= hashPassword(randomBytes(16).toString("hex"));
    await verifyScrypt(plain, await dummy);
    return false;
  }
  if (hash.startsWith("scrypt$")) return verifyScrypt(plain, hash);
  if (/^\$2[aby]\$\d\d\$/.test(hash)) return verifyBcryptOffThread(plain, hash);
  return false; // unknown format (e.g. a placeholder in a fixture): never matches
}

/** True for hashes in an older format or with weaker parameters: rehash after a successful sign-in. */
export function needsRehash(hash: string): boolean {
  return !hash.startsWith(`scrypt$${N}$${R}$${P}$`);
}
