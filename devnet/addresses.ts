import { bech32, bech32m } from "bech32";
import { createRandom } from "./random.ts";

/** Encodes 20 address bytes as a `g` bech32 address, as Gno does. */
export function encodeAddress(bytes: Uint8Array): string {
  return bech32.encode("g", bech32.toWords(bytes));
}

/** The chain's user accounts, derived from the seed alone (a chain reset keeps its users). */
export function deriveAccounts(seed: string, count: number): string[] {
  const random = createRandom(`${seed}\u0000accounts`);
  const accounts: string[] = [];
  for (let i = 0; i < count; i++) accounts.push(encodeAddress(random.bytes(20)));
  return accounts;
}

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** Kinds of broken `from`/`to` values; each one must fail a checked bech32 `g` decode. */
export const BAD_ADDRESS_KINDS = [
  "bad_checksum",
  "wrong_prefix",
  "mixed_case",
  "truncated",
  "garbage",
  "bech32m_checksum",
] as const;
export type BadAddressKind = typeof BAD_ADDRESS_KINDS[number];

export function breakAddress(valid: string, kind: BadAddressKind): string {
  const { words } = bech32.decode(valid);
  switch (kind) {
    case "bad_checksum": {
      const last = valid[valid.length - 1];
      const replacement = CHARSET[(CHARSET.indexOf(last) + 1) % CHARSET.length];
      return valid.slice(0, -1) + replacement;
    }
    case "wrong_prefix":
      return bech32.encode("cosmos", words);
    case "mixed_case":
      return valid.slice(0, 10) + valid.slice(10, 20).toUpperCase() + valid.slice(20);
    case "truncated":
      return valid.slice(0, -5);
    case "garbage":
      return "g1notanaddress";
    case "bech32m_checksum":
      return bech32m.encode("g", words);
  }
}
