import { JsonNumber } from "./int64.ts";

/**
 * A JSON request body decoded like gqlgen's POST transport does (Go's encoding/json Decoder with
 * UseNumber, into `graphql.RawParams`), with Go's error texts. Numbers that are not safe integers
 * stay `JsonNumber`s so that the variable checks can see their text, as gqlgen does.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

export interface RawParams {
  query: string;
  operationName: string;
  variables: Record<string, JsonValue> | null;
  extensions: Record<string, JsonValue> | null;
}

export type DecodedBody =
  | { kind: "params"; params: RawParams }
  /** The body was `null`: gqlgen dereferences a nil *RawParams (recovered as a panic). */
  | { kind: "null" }
  | { kind: "error"; message: string };

class GoJsonError extends Error {}

/** Go's quoteChar: how encoding/json names a byte in a syntax error. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

function goQuoteRune(r: number): string {
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
    case 0x5c:
      return "\\\\";
  }
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, "0")}`;
  // A byte >= 0x80 is converted to the rune of the same value: printable from U+00A1 on,
  // except the soft hyphen.
  if (r >= 0x80 && (r < 0xa1 || r === 0xad)) return `\\u${r.toString(16).padStart(4, "0")}`;
  return String.fromCharCode(r);
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const MAX_DEPTH = 10000;

/** Parses one JSON value the way Go's stream Decoder scans it; throws GoJsonError. */
function parseValue(bytes: Uint8Array): JsonValue {
  let i = 0;
  let depth = 0;
  const eof = () => i >= bytes.length;
  const fail = (context: string): never => {
    if (eof()) throw new GoJsonError("unexpected EOF");
    throw new GoJsonError(`invalid character ${quoteChar(bytes[i])} ${context}`);
  };
  const skipSpace = () => {
    while (!eof() && isSpace(bytes[i])) i++;
  };
  const literal = (word: string, value: JsonValue): JsonValue => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (eof()) throw new GoJsonError("unexpected EOF");
      if (bytes[i] !== word.charCodeAt(k)) {
        fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
      }
    }
    i++;
    return value;
  };
  const string = (): string => {
    const start = ++i;
    let simple = true;
    for (;;) {
      if (eof()) throw new GoJsonError("unexpected EOF");
      const c = bytes[i];
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        i++;
        if (eof()) throw new GoJsonError("unexpected EOF");
        const e = bytes[i];
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (eof()) throw new GoJsonError("unexpected EOF");
            if (!isHex(bytes[i])) fail("in \\u hexadecimal character escape");
          }
        } else if (!'bfnrt\\/"'.includes(String.fromCharCode(e))) {
          fail("in string escape code");
        }
        i++;
        continue;
      }
      if (c < 0x20) fail("in string literal");
      i++;
    }
    const text = new TextDecoder().decode(bytes.subarray(start - 1, i + 1));
    i++;
    return simple ? text.slice(1, -1) : JSON.parse(text);
  };
  const number = (): number | JsonNumber => {
    const start = i;
    if (bytes[i] === 0x2d) {
      i++;
      if (eof()) throw new GoJsonError("unexpected EOF");
      if (!isDigit(bytes[i])) fail("in numeric literal");
    }
    if (bytes[i] === 0x30) i++;
    else while (!eof() && isDigit(bytes[i])) i++;
    let integer = true;
    if (!eof() && bytes[i] === 0x2e) {
      integer = false;
      i++;
      if (eof()) throw new GoJsonError("unexpected EOF");
      if (!isDigit(bytes[i])) fail("after decimal point in numeric literal");
      while (!eof() && isDigit(bytes[i])) i++;
    }
    if (!eof() && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      integer = false;
      i++;
      if (!eof() && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
      if (eof()) throw new GoJsonError("unexpected EOF");
      if (!isDigit(bytes[i])) fail("in exponent of numeric literal");
      while (!eof() && isDigit(bytes[i])) i++;
    }
    const raw = new TextDecoder().decode(bytes.subarray(start, i));
    const value = Number(raw);
    return integer && Number.isSafeInteger(value) ? value : new JsonNumber(raw);
  };
  const value = (context: string): JsonValue => {
    skipSpace();
    if (eof()) throw new GoJsonError("unexpected EOF");
    const c = bytes[i];
    if (c === 0x7b) {
      if (++depth > MAX_DEPTH) throw new GoJsonError("exceeded max depth");
      i++;
      const out: { [key: string]: JsonValue } = {};
      skipSpace();
      if (!eof() && bytes[i] === 0x7d) {
        i++;
        depth--;
        return out;
      }
      for (;;) {
        skipSpace();
        if (eof() || bytes[i] !== 0x22) fail("looking for beginning of object key string");
        const key = string();
        skipSpace();
        if (eof() || bytes[i] !== 0x3a) fail("after object key");
        i++;
        out[key] = value("looking for beginning of value");
        skipSpace();
        if (!eof() && bytes[i] === 0x2c) {
          i++;
          continue;
        }
        if (!eof() && bytes[i] === 0x7d) {
          i++;
          depth--;
          return out;
        }
        fail("after object key:value pair");
      }
    }
    if (c === 0x5b) {
      if (++depth > MAX_DEPTH) throw new GoJsonError("exceeded max depth");
      i++;
      const out: JsonValue[] = [];
      skipSpace();
      if (!eof() && bytes[i] === 0x5d) {
        i++;
        depth--;
        return out;
      }
      for (;;) {
        out.push(value("looking for beginning of value"));
        skipSpace();
        if (!eof() && bytes[i] === 0x2c) {
          i++;
          continue;
        }
        if (!eof() && bytes[i] === 0x5d) {
          i++;
          depth--;
          return out;
        }
        fail("after array element");
      }
    }
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (c === 0x74) return literal("true", true);
    if (c === 0x66) return literal("false", false);
    if (c === 0x6e) return literal("null", null);
    return fail(context);
  };

  skipSpace();
  if (eof()) throw new GoJsonError("EOF");
  const composite = bytes[i] === 0x7b || bytes[i] === 0x5b;
  const result = value("looking for beginning of value");
  // The Decoder stops right after an object or array; a scalar must be followed by a space or
  // the end of the input.
  if (!composite && !eof() && !isSpace(bytes[i])) fail("after top-level value");
  return result;
}

function jsonKind(value: JsonValue): string {
  if (Array.isArray(value)) return "array";
  if (value instanceof JsonNumber || typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "string";
  return "object";
}

const FIELDS: { name: keyof RawParams; type: string }[] = [
  { name: "query", type: "string" },
  { name: "operationName", type: "string" },
  { name: "variables", type: "map[string]interface {}" },
  { name: "extensions", type: "map[string]interface {}" },
];

/** Decodes a POST body into gqlgen's RawParams, or the message gqlgen puts in its 400. */
export function decodeRequestBody(bytes: Uint8Array): DecodedBody {
  let value: JsonValue;
  try {
    value = parseValue(bytes);
  } catch (error) {
    if (error instanceof GoJsonError) return { kind: "error", message: error.message };
    throw error;
  }
  if (value === null) return { kind: "null" };
  if (typeof value !== "object" || Array.isArray(value) || value instanceof JsonNumber) {
    return {
      kind: "error",
      message: `json: cannot unmarshal ${jsonKind(value)} into Go value of type graphql.RawParams`,
    };
  }
  const params: RawParams = { query: "", operationName: "", variables: null, extensions: null };
  let firstError: string | null = null;
  for (const [key, item] of Object.entries(value)) {
    const field = FIELDS.find((f) => f.name === key) ??
      FIELDS.find((f) => f.name.toLowerCase() === key.toLowerCase());
    if (!field || item === null) continue;
    const fits = field.type === "string"
      ? typeof item === "string"
      : typeof item === "object" && !Array.isArray(item) && !(item instanceof JsonNumber);
    if (!fits) {
      firstError ??= `json: cannot unmarshal ${
        jsonKind(item)
      } into Go struct field RawParams.${field.name} of type ${field.type}`;
      continue;
    }
    (params as unknown as Record<string, unknown>)[field.name] = item;
  }
  if (firstError !== null) return { kind: "error", message: firstError };
  return { kind: "params", params };
}
