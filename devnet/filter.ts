import {
  getNamedType,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  isInputObjectType,
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
 * - a filter on a list field matches when any element matches (an empty list never does);
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
    checks.push((o) => {
      const fieldValue = (o as Record_)[name];
      if (Array.isArray(fieldValue)) return fieldValue.some((element) => inner(element));
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
    const time = (t: unknown) => Date.parse(t as string);
    if (eq !== undefined && eq !== null) {
      const at = time(eq);
      checks.push((v) => !present(v) || time(v) === at);
    }
    if (filter.before !== undefined && filter.before !== null) {
      const at = time(filter.before);
      checks.push((v) => present(v) && time(v) < at);
    }
    if (filter.after !== undefined && filter.after !== null) {
      const at = time(filter.after);
      checks.push((v) => present(v) && time(v) > at);
    }
  } else {
    if (eq !== undefined && eq !== null) checks.push((v) => !present(v) || v === eq);
    if (typeName === "FilterInt") {
      const { gt, lt } = filter as { gt?: number | null; lt?: number | null };
      if (gt !== undefined && gt !== null) checks.push((v) => !present(v) || (v as number) > gt);
      if (lt !== undefined && lt !== null) checks.push((v) => !present(v) || (v as number) < lt);
    }
    if (typeName === "FilterString" && filter.like !== undefined && filter.like !== null) {
      let regex: RegExp | null = null;
      try {
        regex = new RegExp(filter.like as string);
      } catch {
        regex = null;
      }
      checks.push((v) => !present(v) || (regex !== null && regex.test(v as string)));
    }
  }
  if (checks.length === 0) return () => true;
  return (v) => checks.every((c) => c(v));
}

/** Inclusive bounds of an integer field a filter can match, used only to narrow the scan. */
export interface Bounds {
  low: number;
  high: number;
}

/**
 * A superset of the values of `field` (e.g. `block_height`) that can satisfy the filter:
 * conjunctions intersect, disjunctions take the hull, negations give no information.
 */
export function fieldBounds(filter: Record_ | null | undefined, field: string): Bounds {
  const all: Bounds = { low: -Infinity, high: Infinity };
  if (!filter) return all;
  let { low, high } = all;
  const own = filter[field] as
    | { eq?: number | null; gt?: number | null; lt?: number | null }
    | null;
  if (own) {
    if (own.eq !== undefined && own.eq !== null) {
      low = Math.max(low, own.eq);
      high = Math.min(high, own.eq);
    }
    if (own.gt !== undefined && own.gt !== null) low = Math.max(low, own.gt + 1);
    if (own.lt !== undefined && own.lt !== null) high = Math.min(high, own.lt - 1);
  }
  const and = (filter._and as (Record_ | null)[] | null) ?? [];
  for (const part of and) {
    const b = fieldBounds(part, field);
    low = Math.max(low, b.low);
    high = Math.min(high, b.high);
  }
  const or = ((filter._or as (Record_ | null)[] | null) ?? []).filter((p) => p !== null);
  if (or.length > 0) {
    const hull = or.map((p) => fieldBounds(p, field)).reduce((a, b) => ({
      low: Math.min(a.low, b.low),
      high: Math.max(a.high, b.high),
    }));
    low = Math.max(low, hull.low);
    high = Math.min(high, hull.high);
  }
  return { low, high };
}
