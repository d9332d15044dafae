import {
  getNamedType,
  getNullableType,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isObjectType,
  isUnionType,
} from "graphql";

/** A compiled `where` filter. */
export type Predicate = (value: unknown) => boolean;

type Record_ = Record<string, unknown>;

const SCALAR_FILTERS = new Set(["FilterString", "FilterInt", "FilterBoolean", "FilterTime"]);

/**
 * Compiles a `where` argument into a predicate, generically from the schema's filter input
 * types, with tx-indexer's semantics (its generated `Eval` methods):
 * - `_and`, `_or`, `_not` combine filters of the same type; field filters are AND-ed;
 * - a filter on a list field matches when any element matches (an empty or null list never
 *   does, even for a scalar filter that would pass a missing value);
 * - on a union (`Event`, `MessageValue`) a member filter applies to objects of that member type;
 *   once any member filter is given, objects of the other filterable members do not match;
 * - `FilterString.like` is an unanchored regular expression (an invalid one matches nothing).
 */
export function compileFilter(
  schema: GraphQLSchema,
  type: GraphQLInputObjectType,
  filter: Record_ | null | undefined,
): Predicate {
  if (!filter) return () => true;
  const fields = type.getFields();
  const checks: Predicate[] = [];
  const unionMembers: Map<string, Predicate> = new Map();
  const filteredType = schema.getType(type.name.replace(/^(Nested)?Filter/, ""));
  const isUnionFilter = isUnionType(filteredType);

  for (const [name, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (name === "_and" || name === "_or") {
      const parts = (value as (Record_ | null)[]).filter((v) => v !== null)
        .map((v) => compileFilter(schema, type, v));
      if (parts.length === 0) continue;
      checks.push(
        name === "_and" ? (o) => parts.every((p) => p(o)) : (o) => parts.some((p) => p(o)),
      );
      continue;
    }
    if (name === "_not") {
      const inner = compileFilter(schema, type, value as Record_);
      checks.push((o) => !inner(o));
      continue;
    }
    const field = fields[name];
    if (!field) throw new Error(`Unknown filter field ${type.name}.${name}`);
    const fieldType = getNamedType(field.type);
    if (!isInputObjectType(fieldType)) throw new Error(`Unsupported filter ${type.name}.${name}`);
    if (isUnionFilter) {
      unionMembers.set(name, compileFilter(schema, fieldType, value as Record_));
      continue;
    }
    const inner = SCALAR_FILTERS.has(fieldType.name)
      ? compileScalarFilter(fieldType.name, value as Record_)
      : compileFilter(schema, fieldType, value as Record_);
    const outputField = isObjectType(filteredType) ? filteredType.getFields()[name] : undefined;
    if (outputField && isListType(getNullableType(outputField.type))) {
      // Go ranges over the slice: some element must match; a nil or empty one never does.
      checks.push((o) => {
        const list = (o as Record_)[name];
        return Array.isArray(list) && list.some((element) => inner(element));
      });
      continue;
    }
    checks.push((o) => {
      const fieldValue = (o as Record_)[name];
      if (fieldValue === null || fieldValue === undefined) {
        return SCALAR_FILTERS.has(fieldType.name) ? inner(fieldValue) : false;
      }
      return inner(fieldValue);
    });
  }

  if (isUnionFilter && unionMembers.size > 0) {
    const memberNames = new Set(Object.keys(fields).filter((n) => !n.startsWith("_")));
    checks.push((o) => {
      const typename = (o as Record_).__typename as string;
      const member = unionMembers.get(typename);
      if (member) return member(o);
      return !memberNames.has(typename);
    });
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  return (o) => checks.every((c) => c(o));
}

function compileScalarFilter(typeName: string, filter: Record_): Predicate {
  const checks: Predicate[] = [];
  const { exists, eq } = filter;
  if (exists !== undefined && exists !== null) {
    checks.push((v) => (v !== null && v !== undefined) === exists);
  }
  const present = (v: unknown) => v !== null && v !== undefined;
  if (typeName === "FilterTime") {
    // Compared as instants with nanosecond precision (Go's time.Time). tx-indexer's `eq` is
    // Go's struct equality, which also compares the location; an instant is close enough.
    if (eq !== undefined && eq !== null) {
      const at = timeFilterValue(eq);
      checks.push((v) => !present(v) || timeNanos(v as string) === at);
    }
    if (filter.before !== undefined && filter.before !== null) {
      const at = timeFilterValue(filter.before);
      checks.push((v) => present(v) && (timeNanos(v as string) ?? at) < at);
    }
    if (filter.after !== undefined && filter.after !== null) {
      const at = timeFilterValue(filter.after);
      checks.push((v) => present(v) && (timeNanos(v as string) ?? at) > at);
    }
  } else {
    if (eq !== undefined && eq !== null) checks.push((v) => !present(v) || v === eq);
    if (typeName === "FilterInt") {
      const { gt, lt } = filter as { gt?: number | null; lt?: number | null };
      if (gt !== undefined && gt !== null) checks.push((v) => !present(v) || (v as number) > gt);
      if (lt !== undefined && lt !== null) checks.push((v) => !present(v) || (v as number) < lt);
    }
    if (typeName === "FilterString" && filter.like !== undefined && filter.like !== null) {
      const regex = goRegExp(filter.like as string);
      checks.push((v) => !present(v) || (regex !== null && regex.test(v as string)));
    }
  }
  if (checks.length === 0) return () => true;
  return (v) => checks.every((c) => c(v));
}

/**
 * A Go regexp (RE2) as a JavaScript RegExp, or null when it does not compile (Go's MatchString
 * then fails: nothing matches). Leading flag groups such as `(?i)` become flags.
 */
export function goRegExp(pattern: string): RegExp | null {
  let flags = "";
  const prefix = /^\(\?([imsU]+)\)/.exec(pattern);
  if (prefix) {
    if (prefix[1].includes("U")) return null;
    flags = [...new Set(prefix[1])].join("");
    pattern = pattern.slice(prefix[0].length);
  }
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Nanoseconds since the epoch of an RFC 3339 time (Go's RFC3339Nano layout), or null. */
export function timeNanos(text: string): bigint | null {
  const m = TIME.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (Number.isNaN(ms)) return null;
  const offset = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * (+m[10] * 60 + +m[11]) * 60_000;
  const fraction = BigInt((m[7] ?? "").padEnd(9, "0") || "0");
  return BigInt(ms - offset) * 1_000_000n + fraction;
}

function timeFilterValue(value: unknown): bigint {
  const at = typeof value === "string" ? timeNanos(value) : null;
  if (at === null) {
    throw new Error(
      `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05.999999999Z07:00"`,
    );
  }
  return at;
}
