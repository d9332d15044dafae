/**
 * What gqlgen (tx-indexer's GraphQL server) answers before executing: its error shapes and
 * texts for parse, validation, operation and variable errors, reproduced over graphql-js.
 */
import {
  type DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  specifiedRules,
  typeFromAST,
  type ValidationContext,
  type ValidationRule,
  ValuesOfCorrectTypeRule,
  type VariableDefinitionNode,
} from "graphql";
import { goKind, isInt64, JsonNumber } from "./int64.ts";

export const PARSE_FAILED = "GRAPHQL_PARSE_FAILED";
export const VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";

export interface GqlgenError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code: string };
}

/** The HTTP answer gqlgen gives a request it rejects before execution. */
export interface Rejection {
  status: number;
  errors: GqlgenError[];
}

function locationsOf(error: GraphQLError): { line: number; column: number }[] | undefined {
  if (!error.locations || error.locations.length === 0) return undefined;
  const node = error.nodes?.[0];
  // gqlparser places a string value at its first character, after the quotes.
  const shift = node?.kind === Kind.STRING ? (node.block ? 3 : 1) : 0;
  return error.locations.map((l, i) => ({
    line: l.line,
    column: l.column + (i === 0 ? shift : 0),
  }));
}

/** A syntax error as gqlparser words it: no "Syntax Error: " prefix, no final period. */
export function parseError(error: GraphQLError): GqlgenError {
  const message = error.message.replace(/^Syntax Error: /, "").replace(/\.$/, "");
  return { message, locations: locationsOf(error), extensions: { code: PARSE_FAILED } };
}

export function validationError(error: GraphQLError): GqlgenError {
  return {
    message: error.message,
    locations: locationsOf(error),
    extensions: { code: VALIDATION_FAILED },
  };
}

export function rejection(status: number, message: string, code?: string): Rejection {
  return { status, errors: [code ? { message, extensions: { code } } : { message }] };
}

/**
 * graphql-js's ValuesOfCorrectTypeRule with gqlparser's enum texts, which name the type at the
 * value's position (`Value "UP" does not exist in "Order!" enum.`), not the enum alone.
 */
const GqlgenValuesOfCorrectTypeRule: ValidationRule = (context: ValidationContext) => {
  const proxy = Object.create(context, {
    reportError: {
      value(error: GraphQLError) {
        const type = context.getInputType();
        const named = type ? getNamedType(type) : undefined;
        if (type && named && isEnumType(named)) {
          const located = String(type);
          const message = error.message
            .replace(
              new RegExp(`^(Value ".*" does not exist in )"${named.name}"( enum\\.)`),
              `$1"${located}"$2`,
            )
            .replace(
              new RegExp(`^Enum "${named.name}" cannot represent`),
              `Enum "${located}" cannot represent`,
            );
          if (message !== error.message) {
            error = new GraphQLError(message, { nodes: error.nodes });
          }
        }
        context.reportError(error);
      },
    },
  }) as ValidationContext;
  return ValuesOfCorrectTypeRule(proxy);
};

/** gqlparser's KnownRootType: an operation type the schema lacks fails validation. */
const KnownRootTypeRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = node.operation === "mutation"
      ? schema.getMutationType()
      : node.operation === "subscription"
      ? schema.getSubscriptionType()
      : schema.getQueryType();
    if (!root) {
      context.reportError(
        new GraphQLError(`Schema does not support operation type "${node.operation}"`, {
          nodes: node,
        }),
      );
    }
  },
});

export const gqlgenRules: readonly ValidationRule[] = [
  KnownRootTypeRule,
  ...specifiedRules.map((rule) =>
    rule === ValuesOfCorrectTypeRule ? GqlgenValuesOfCorrectTypeRule : rule
  ),
];

/** gqlgen's operation choice (gqlparser's OperationList.ForName). */
export function selectOperation(
  document: DocumentNode,
  operationName: string,
): OperationDefinitionNode | Rejection {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode =>
    d.kind === Kind.OPERATION_DEFINITION
  );
  if (operationName === "" && operations.length === 1) return operations[0];
  const found = operations.find((o) => (o.name?.value ?? "") === operationName);
  return found ?? rejection(422, `operation ${operationName} not found`, VALIDATION_FAILED);
}

const variableTypes = new WeakMap<
  VariableDefinitionNode,
  { type: GraphQLInputType; nonNull: boolean; int: boolean } | null
>();

class VariableError extends Error {
  constructor(readonly path: (string | number)[], message: string) {
    super(message);
  }
}

/**
 * Checks and converts variables like gqlparser's validator.VariableValues (texts such as
 * `must be defined`, `cannot be null`, `cannot use string as Int`, path
 * `["variable", name, ...]`): JSON numbers are Go json.Numbers, so a number passes as a String
 * and a non-integer one fails as an Int with `cannot use string as Int`. Variables that pass
 * are returned ready for graphql-js's coercion (big integers as bigints).
 */
export function checkVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): { values: Record<string, unknown> } | Rejection {
  const values: Record<string, unknown> = {};
  const given = variables ?? {};
  try {
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      let known = variableTypes.get(definition);
      if (known === undefined) {
        const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
        const named = type && getNullableType(type);
        known = type
          ? { type, nonNull: isNonNullType(type), int: isScalarType(named) && named.name === "Int" }
          : null;
        variableTypes.set(definition, known);
      }
      if (!known) continue; // validation already reported it
      if (!Object.hasOwn(given, name)) {
        if (definition.defaultValue) continue; // graphql-js applies the default
        if (known.nonNull) throw new VariableError(["variable", name], "must be defined");
        continue;
      }
      const value = given[name];
      if (value === null || value === undefined) {
        if (known.nonNull) throw new VariableError(["variable", name], "cannot be null");
        values[name] = null;
        continue;
      }
      // The synchronizer's case, without walking the type.
      if (known.int && typeof value === "number" && Number.isSafeInteger(value)) {
        values[name] = value;
        continue;
      }
      values[name] = checkValue(known.type, value, ["variable", name]);
    }
  } catch (error) {
    if (!(error instanceof VariableError)) throw error;
    return {
      status: 422,
      errors: [{
        message: error.message,
        path: error.path,
        extensions: { code: VALIDATION_FAILED },
      }],
    };
  }
  return { values };
}

function checkValue(type: GraphQLInputType, value: unknown, path: (string | number)[]): unknown {
  const nonNull = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    const items = Array.isArray(value) ? value : [value];
    const itemType = inner.ofType as GraphQLInputType;
    return items.map((item, index) => {
      const at = [...path, index];
      if (item === null || item === undefined) {
        if (isNonNullType(itemType)) throw new VariableError(at, "cannot be null");
        return null;
      }
      return checkValue(itemType, item, at);
    });
  }
  if (value === null || value === undefined) {
    if (!nonNull) return null;
    throw new VariableError(path, "cannot be null");
  }
  if (isEnumType(inner)) {
    const text = value instanceof JsonNumber ? value.raw : value;
    if (typeof text !== "string") throw new VariableError(path, "enums must be ints or strings");
    const match = inner.getValues().find((v) => v.name.toLowerCase() === text.toLowerCase());
    if (!match || match.name !== text) {
      throw new VariableError(path, `${text} is not a valid ${inner.name}`);
    }
    return text;
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case "Int": {
        if (typeof value === "number" && Number.isSafeInteger(value)) return value;
        if (typeof value === "bigint" && isInt64(value)) return value;
        const big = value instanceof JsonNumber ? value.int64() : null;
        if (big !== null) return big;
        break;
      }
      case "Float":
        if (typeof value === "number") return value;
        if (value instanceof JsonNumber) return Number(value.raw);
        break;
      case "String":
        if (typeof value === "string") return value;
        if (typeof value === "number") return String(value);
        if (value instanceof JsonNumber) return value.raw;
        break;
      case "Boolean":
        if (typeof value === "boolean") return value;
        break;
      case "ID":
        if (typeof value === "string") return value;
        if (typeof value === "number") return String(value);
        if (value instanceof JsonNumber) return value.raw;
        break;
      default:
        return value instanceof JsonNumber ? Number(value.raw) : value;
    }
    throw new VariableError(path, `cannot use ${goKind(value)} as ${inner.name}`);
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== "object" || Array.isArray(value) || value instanceof JsonNumber) {
      throw new VariableError(path, `must be a ${inner.name}`);
    }
    const fields = inner.getFields();
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (!fields[key]) throw new VariableError([...path, key], "unknown field");
    }
    const out: Record<string, unknown> = {};
    for (const field of Object.values(fields)) {
      const at = [...path, field.name];
      if (!Object.hasOwn(object, field.name)) {
        if (isNonNullType(field.type) && field.defaultValue === undefined) {
          throw new VariableError(at, "must be defined");
        }
        continue;
      }
      const item = object[field.name];
      if (item === null || item === undefined) {
        if (isNonNullType(field.type)) throw new VariableError(at, "cannot be null");
        out[field.name] = null;
        continue;
      }
      out[field.name] = checkValue(field.type, item, at);
    }
    return out;
  }
  return value;
}

/** A graphql-js variable coercion error that got past checkVariables, in gqlgen's shape. */
export function variableCoercionError(error: GraphQLError): GqlgenError {
  const name = /Variable "\$([^"]+)"/.exec(error.message)?.[1];
  return {
    message: error.message,
    path: name ? ["variable", name] : undefined,
    extensions: { code: VALIDATION_FAILED },
  };
}
