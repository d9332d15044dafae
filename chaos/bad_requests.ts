/**
 * Requests the API must refuse with 400 and a JSON error body: invalid addresses, token paths,
 * limits and cursors, odd encodings and very long values, on every endpoint that takes them.
 * Paths and query strings are written raw (already encoded) so that odd bytes reach the server.
 */
const GOOD_ADDRESS = "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5";

const BAD_ADDRESSES = [
  "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf6", // checksum
  "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf", // too short
  "G1JG8MTUTU9KHHFWC4NXMUHCPFTF0PAJDHFVSQF5x",
  "G1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5", // mixed case
  "cosmos1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5",
  "g2jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5",
  "g1",
  "1",
  "x",
  "g1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
  "g1iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii", // not in the bech32 alphabet
  "%20" + GOOD_ADDRESS,
  GOOD_ADDRESS + "%20",
  GOOD_ADDRESS + "%00",
  "%00",
  "%0A",
  "'%20OR%201=1--",
  "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5'%3B%20DROP%20TABLE%20balances%3B--",
  "%E2%80%8Bg1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5", // zero-width space
  "%EF%BC%A71jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5", // full-width G
  "%FF%FE",
  "%C0%AF",
  "%25",
  "%2525",
  "%ZZ",
  "%",
  "g1" + "q".repeat(200),
  "a".repeat(10_000),
  "%F0%9F%92%A9",
  "null",
  "undefined",
  "[]",
  "%7B%7D",
  "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5,g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5",
  "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5%2F",
  "+g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5",
];

const BAD_TOKEN_PATHS = [
  "wugnot",
  "gno.land",
  "gno.land%2F",
  "gno.land/r",
  "gno.land/r/",
  "gno.land/r/demo/wugnot/",
  "gno.land//r/demo/wugnot",
  "gno.land/r/demo/wug%20not",
  "gno.land/r/demo/wug%00not",
  "gno.land/r/demo/%FF",
  "gno.land/r/demo/%C0%AF",
  "gno.land/r/demo/%ZZ",
  "gno.land/r/demo/%E2%80%8Bwugnot",
  "gno.land/r/demo/..",
  "gno.land/r/demo/%2E%2E",
  "gno.land/r/../../etc/passwd",
  "GNO.LAND/r/demo/wugnot",
  "gno.land/r/demo/wugnot%3Bdrop",
  "gno.land/r/demo/wugnot'",
  "gno.land/r/demo/" + "a".repeat(1_000),
  "gno.land/r/demo/" + "a".repeat(20_000),
  "gno.land/" + "r/".repeat(300) + "x",
  "%F0%9F%92%A9",
  "-",
  "gno.land/r/demo/wugnot%0A",
  "gno.land/r/demo/wugnot%09",
  "gno.land/r/demo/wu%2Fgnot%2F",
  "gno.land%5Cr%5Cdemo%5Cwugnot",
];

const BAD_LIMITS = [
  "0",
  "-1",
  "1.5",
  "1e3",
  "abc",
  "",
  "%20",
  "%205",
  "5%20",
  "0x10",
  "+5",
  "99999999999999999999",
  "1000000",
  "10001",
  "NaN",
  "Infinity",
  "5%00",
  "%EF%BC%95", // full-width 5
  "٥", // Arabic-Indic 5, raw
  "1".repeat(5_000),
];

const BAD_CURSORS = [
  "x",
  "abc",
  "%00",
  "eyJ9",
  "eyJhIjoxfQ",
  btoa(JSON.stringify({ k: [1, 2, 3], s: "balances|" })),
  "....",
  "%FF%FE",
  "a".repeat(5_000),
  "null",
  "%7B%7D",
  "-_-_",
  "===",
];

export interface BadRequest {
  label: string;
  path: string;
}

/** Builds the list; `validCursors` are real cursors of other endpoints (foreign = invalid). */
export function badRequests(validCursors: { balances: string; history: string }): BadRequest[] {
  const requests: BadRequest[] = [];
  const add = (label: string, path: string) => requests.push({ label, path });
  const listEndpoints = ["/tokens/balances", "/tokens/transfer-history"];
  const tokenEndpoint = "/tokens/gno.land%2Fr%2Fdemo%2Fwugnot/balances";
  for (const address of BAD_ADDRESSES) {
    for (const endpoint of [...listEndpoints, tokenEndpoint]) {
      add(`address ${address.slice(0, 40)} on ${endpoint}`, `${endpoint}?address=${address}`);
    }
  }
  for (const tokenPath of BAD_TOKEN_PATHS) {
    add(`token path ${tokenPath.slice(0, 40)}`, `/tokens/${tokenPath}/balances`);
  }
  for (const limit of BAD_LIMITS) {
    for (const endpoint of [...listEndpoints, tokenEndpoint]) {
      add(
        `limit ${limit.slice(0, 20)} on ${endpoint}`,
        `${endpoint}?limit=${encodeLoosely(limit)}`,
      );
    }
  }
  for (const cursor of BAD_CURSORS) {
    for (const endpoint of [...listEndpoints, tokenEndpoint]) {
      add(`cursor ${cursor.slice(0, 20)} on ${endpoint}`, `${endpoint}?cursor=${cursor}`);
    }
  }
  // A real cursor is refused on another endpoint, with other filters, or tampered with.
  add("balances cursor on history", `/tokens/transfer-history?cursor=${validCursors.balances}`);
  add("history cursor on balances", `/tokens/balances?cursor=${validCursors.history}`);
  add(
    "cursor with another address",
    `/tokens/balances?address=${GOOD_ADDRESS}&cursor=${validCursors.balances}`,
  );
  add("tampered cursor", `/tokens/balances?cursor=${tamper(validCursors.balances)}`);
  add("truncated cursor", `/tokens/balances?cursor=${validCursors.balances.slice(0, -3)}`);
  add("repeated address", `/tokens/balances?address=${GOOD_ADDRESS}&address=${GOOD_ADDRESS}`);
  add("repeated limit", "/tokens/balances?limit=1&limit=2");
  add("repeated cursor", `/tokens/balances?cursor=${validCursors.balances}&cursor=x`);
  return requests;
}

/** Percent-encodes only what a raw URL cannot carry (non-ASCII), leaving the rest as given. */
function encodeLoosely(value: string): string {
  return [...value].map((ch) => ch.charCodeAt(0) > 0x7e ? encodeURIComponent(ch) : ch).join("");
}

function tamper(cursor: string): string {
  const middle = Math.floor(cursor.length / 2);
  const swapped = cursor[middle] === "A" ? "B" : "A";
  return cursor.slice(0, middle) + swapped + cursor.slice(middle + 1);
}
