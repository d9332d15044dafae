import {
  GraphQLDirective,
  type GraphQLEnumType,
  GraphQLError,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  type GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  type GraphQLType,
  GraphQLUnionType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedDirective,
  isUnionType,
  Kind,
  print,
} from "graphql";

/** A GraphQL `Int` as gqlgen holds it (Go `int`, 64 bits): a number when safe, else a bigint. */
export type Int64 = number | bigint;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fromBigInt(value: bigint): Int64 {
  return value >= -SAFE && value <= SAFE ? Number(value) : value;
}

/** Whether a JavaScript value is an integer gqlgen's `Int` accepts. */
export function isInt64(value: unknown): value is Int64 {
  if (typeof value === "bigint") return value >= INT64_MIN && value <= INT64_MAX;
  return typeof value === "number" && Number.isInteger(value) &&
    value >= -9223372036854775808 && value < 9223372036854775808;
}

/**
 * gqlgen's `Int`: 64-bit, not graphql-js's 32-bit `GraphQLInt` (which stays untouched: other code
 * in the process relies on that singleton). Literal errors carry gqlparser's texts: a non-integer
 * literal is `Int cannot represent non-integer value: <literal>`, one beyond int64 is
 * `Int cannot represent non 32-bit signed integer value: <literal>` (sic: gqlparser's text).
 */
export const GraphQLInt64: GraphQLScalarType<Int64, number> = new GraphQLScalarType<Int64, number>({
  name: "Int",
  description: GraphQLInt.description,
  serialize(value) {
    if (typeof value === "number" && Number.isInteger(value)) return value;
    if (typeof value === "bigint") return Number(value);
    if (typeof value === "boolean") return value ? 1 : 0;
    throw new GraphQLError(`Int cannot represent non-integer value: ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === "bigint" && isInt64(value)) return fromBigInt(value);
    if (isInt64(value)) return value;
    throw new GraphQLError(`cannot use ${goKind(value)} as Int`);
  },
  parseLiteral(node) {
    if (node.kind !== Kind.INT) {
      throw new GraphQLError(`Int cannot represent non-integer value: ${print(node)}`, {
        nodes: node,
      });
    }
    const value = BigInt(node.value);
    if (value < INT64_MIN || value > INT64_MAX) {
      throw new GraphQLError(
        `Int cannot represent non 32-bit signed integer value: ${node.value}`,
        {
          nodes: node,
        },
      );
    }
    return fromBigInt(value);
  },
});

/** The reflect.Kind name Go's JSON decoding gives a value (json.Number is a string). */
export function goKind(value: unknown): string {
  if (Array.isArray(value)) return "slice";
  if (value === null || value === undefined) return "invalid";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "object":
      return value instanceof JsonNumber ? "string" : "map";
    default:
      return "string";
  }
}

/** A JSON number that is not a safe integer, kept as its text (Go's json.Number). */
export class JsonNumber {
  constructor(readonly raw: string) {}
  /** The int64 it denotes, if it is one. */
  int64(): bigint | null {
    if (!/^-?(0|[1-9][0-9]*)$/.test(this.raw)) return null;
    const value = BigInt(this.raw);
    return value >= INT64_MIN && value <= INT64_MAX ? value : null;
  }
}

/**
 * A copy of `schema` whose `Int` is `int`: every type that refers to Int (fields, arguments,
 * input fields, directive arguments) is rebuilt; enums, other scalars and introspection types
 * are shared.
 */
export function replaceIntType(schema: GraphQLSchema, int: GraphQLScalarType): GraphQLSchema {
  const cache = new Map<string, GraphQLNamedType>();
  const wrap = (type: GraphQLType): GraphQLType => {
    if (isNonNullType(type)) return new GraphQLNonNull(wrap(type.ofType));
    if (isListType(type)) return new GraphQLList(wrap(type.ofType));
    return named(type);
  };
  // deno-lint-ignore no-explicit-any
  const typed = <T>(type: GraphQLType): T => wrap(type) as any as T;
  const args = (config: GraphQLFieldConfigArgumentMap): GraphQLFieldConfigArgumentMap =>
    Object.fromEntries(
      Object.entries(config).map(([name, arg]) => [name, { ...arg, type: typed(arg.type) }]),
    );
  const fields = (
    config: GraphQLFieldConfigMap<unknown, unknown>,
  ): GraphQLFieldConfigMap<unknown, unknown> =>
    Object.fromEntries(
      Object.entries(config).map((
        [name, field],
      ) => [name, {
        ...field,
        type: typed(field.type),
        args: field.args ? args(field.args) : undefined,
      }]),
    );
  const inputFields = (config: GraphQLInputFieldConfigMap): GraphQLInputFieldConfigMap =>
    Object.fromEntries(
      Object.entries(config).map(([name, field]) => [name, { ...field, type: typed(field.type) }]),
    );
  function named(type: GraphQLNamedType): GraphQLNamedType {
    if (type.name === "Int") return int;
    if (isIntrospectionType(type)) return type;
    const known = cache.get(type.name);
    if (known) return known;
    let out: GraphQLNamedType;
    if (isObjectType(type)) {
      const config = type.toConfig();
      out = new GraphQLObjectType({
        ...config,
        interfaces: () => config.interfaces.map((i) => named(i) as GraphQLInterfaceType),
        fields: () => fields(config.fields),
      });
    } else if (isInterfaceType(type)) {
      const config = type.toConfig();
      out = new GraphQLInterfaceType({
        ...config,
        interfaces: () => config.interfaces.map((i) => named(i) as GraphQLInterfaceType),
        fields: () => fields(config.fields),
      });
    } else if (isUnionType(type)) {
      const config = type.toConfig();
      out = new GraphQLUnionType({
        ...config,
        types: () => config.types.map((t) => named(t) as GraphQLObjectType),
      });
    } else if (isInputObjectType(type)) {
      const config = type.toConfig();
      out = new GraphQLInputObjectType({ ...config, fields: () => inputFields(config.fields) });
    } else {
      out = type as GraphQLScalarType | GraphQLEnumType;
    }
    cache.set(type.name, out);
    return out;
  }
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    query: config.query && named(config.query) as GraphQLObjectType,
    mutation: config.mutation && named(config.mutation) as GraphQLObjectType,
    subscription: config.subscription && named(config.subscription) as GraphQLObjectType,
    types: config.types.map(named),
    directives: config.directives.map((directive) => {
      if (isSpecifiedDirective(directive)) return directive;
      const c = directive.toConfig();
      return new GraphQLDirective({ ...c, args: args(c.args) });
    }),
  });
}
