/**
 * Gno account addresses: bech32 with the `g` prefix over a 20-byte payload, always written in
 * canonical lowercase (`g1` + 38 characters). Shared by the event parser and the API.
 */
import { bech32 } from "bech32";
import { boundedMemo } from "./bounded_memo.ts";

export const ADDRESS_PREFIX = "g";

/** 20 payload bytes are exactly 32 five-bit words, plus "g1" and a 6-character checksum. */
const ADDRESS_LENGTH = 40;
const PAYLOAD_BYTES = 20;

/**
 * Verifying a checksum costs far more than a Map lookup, and the same few thousand accounts
 * appear in most events, so results are memoised; only 40-character keys ever reach the memo.
 */
const isCanonicalAddress = boundedMemo(
  (candidate) => addressProblem(candidate) === undefined,
  65_536,
);

/** True for a valid lowercase `g` bech32 address with a verified checksum and 20-byte payload. */
export function isAddress(candidate: string): boolean {
  return candidate.length === ADDRESS_LENGTH && candidate.startsWith("g1") &&
    isCanonicalAddress(candidate);
}

/**
 * Says why `candidate` is not an address, or undefined when it is one. Slower than
 * {@link isAddress}; meant for error messages.
 */
export function addressProblem(candidate: string): string | undefined {
  if (candidate === "") return "is empty";
  if (candidate !== candidate.toLowerCase()) return "is not lowercase";
  if (!candidate.startsWith(ADDRESS_PREFIX + "1")) return `does not start with "g1"`;
  if (candidate.length !== ADDRESS_LENGTH) {
    return `has ${candidate.length} characters instead of ${ADDRESS_LENGTH}`;
  }
  const decoded = bech32.decodeUnsafe(candidate, ADDRESS_LENGTH);
  if (decoded === undefined) return "is not valid bech32 (bad character or checksum)";
  if (decoded.prefix !== ADDRESS_PREFIX) return `has prefix "${decoded.prefix}" instead of "g"`;
  const payload = bech32.fromWordsUnsafe(decoded.words);
  if (payload === undefined || payload.length !== PAYLOAD_BYTES) {
    return `does not hold a ${PAYLOAD_BYTES}-byte payload`;
  }
  return undefined;
}

/** Encodes a 20-byte payload as a `g` address (used to build fixtures and tests). */
export function encodeAddress(payload: Uint8Array): string {
  if (payload.length !== PAYLOAD_BYTES) {
    throw new Error(`An address payload must be ${PAYLOAD_BYTES} bytes, got ${payload.length}`);
  }
  return bech32.encode(ADDRESS_PREFIX, bech32.toWords(payload));
}
