import bcrypt from "bcryptjs";

const COST = 12;
// Compared against when the email is unknown, so a miss costs as long as a wrong password
// and response time does not reveal which emails exist.
const DUMMY_HASH = "$2b$12$EtzfErI2WroBBFNhzLXe7OE7UG/L5DYlSf4l/8DakXiR0FIm4whMK";

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export async function verifyPassword(plain: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(plain, hash ?? DUMMY_HASH);
  return hash !== null && ok;
}
