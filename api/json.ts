/**
 * Exact-digit JSON numbers. Amounts arrive from PostgreSQL as decimal strings and must reach the
 * response body with every digit (SPEC §4), so they never pass through a JS number: they are
 * wrapped as raw JSON text, which JSON.stringify copies verbatim.
 */

declare global {
  interface JSON {
    rawJSON(text: string): unknown;
  }
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * A JSON number with exactly these digits. Throws on anything that is not an integer literal,
 * so a non-number can never be smuggled into the body as raw text.
 */
export function exactNumber(digits: string | bigint): unknown {
  const text = typeof digits === "bigint" ? digits.toString() : digits;
  if (!INTEGER.test(text)) throw new Error(`Not an integer literal: ${text.slice(0, 100)}`);
  return JSON.rawJSON(text);
}

/** A JSON response whose body may hold {@link exactNumber} values. */
export function exactJsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
