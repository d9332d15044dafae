/**
 * Opaque pagination cursors: base64url(JSON payload) "." base64url(HMAC-SHA256, 16 bytes).
 * The payload holds the keyset position and a fingerprint of the query it belongs to (endpoint
 * and filters), so a cursor that was altered, or replayed on another endpoint or with other
 * filters, is refused with 400 instead of silently paging the wrong list.
 *
 * Every replica must accept every other replica's cursors, so the key is derived from
 * API_CURSOR_SECRET, or from a built-in constant when it is unset. The constant only protects
 * against accidents, not against a determined client: production should set the secret.
 */
import { Buffer } from "node:buffer";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { badCursor } from "./errors.ts";

const VERSION = 1;
const MAC_BYTES = 16;
/** Far above any real cursor; a longer one is refused before any decoding work. */
export const MAX_CURSOR_LENGTH = 2048;
const DEFAULT_SECRET = "grc20-indexer built-in cursor secret (set API_CURSOR_SECRET)";
const CURSOR_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The keyset position after the last row of a page: primitive values only. */
export type CursorKey = ReadonlyArray<string | number>;

export interface CursorCodec {
  /** `scope` names the endpoint and its filters, e.g. `balances|g1...`. */
  encode(scope: string, key: CursorKey): string;
  /** The key inside `cursor`; throws a 400 HTTPException when it is not a cursor of `scope`. */
  decode(scope: string, cursor: string): CursorKey;
}

export function createCursorCodec(secret: string | undefined): CursorCodec {
  const key = createHash("sha256").update(`cursor-key-v${VERSION}\0${secret ?? DEFAULT_SECRET}`)
    .digest();
  const mac = (payload: string) =>
    createHmac("sha256", key).update(payload).digest().subarray(0, MAC_BYTES);

  return {
    encode(scope, position) {
      const payload = Buffer.from(
        JSON.stringify({ v: VERSION, q: fingerprint(scope), k: position }),
      ).toString("base64url");
      return `${payload}.${mac(payload).toString("base64url")}`;
    },
    decode(scope, cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_SHAPE.test(cursor)) {
        throw badCursor("The cursor is not one this API issued");
      }
      const [payload, signature] = cursor.split(".");
      const given = Buffer.from(signature, "base64url");
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(payload))) {
        throw badCursor("The cursor is not one this API issued, or it was altered");
      }
      const decoded = parsePayload(Buffer.from(payload, "base64url").toString("utf8"));
      if (decoded === undefined) throw badCursor("The cursor is not one this API issued");
      if (decoded.q !== fingerprint(scope)) {
        throw badCursor("The cursor belongs to another endpoint or other filters");
      }
      return decoded.k;
    },
  };
}

function fingerprint(scope: string): string {
  return createHash("sha256").update(scope).digest().subarray(0, 8).toString("base64url");
}

function parsePayload(text: string): { q: string; k: CursorKey } | undefined {
  try {
    const value = JSON.parse(text);
    const valid = value?.v === VERSION && typeof value.q === "string" && Array.isArray(value.k) &&
      value.k.every((part: unknown) => typeof part === "string" || typeof part === "number");
    return valid ? value : undefined;
  } catch {
    return undefined;
  }
}
