import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** Turns a resolved value into the response shape its selection set asks for. */
export type Projector = (value: unknown) => unknown;

export interface RootField {
  responseKey: string;
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  project: Projector;
  /** For a list field: the projector of one item (the list is the items' projections). */
  projectItem: Projector | null;
}

export interface OperationPlan {
  operation: OperationDefinitionNode;
  rootFields: RootField[];
}

class Unsupported extends Error {}

/**
 * A fast path for executing a validated query over plain data objects: the selection set is
 * compiled once into projectors, replacing graphql-js's per-field resolution (several times
 * slower on large results). Returns null for documents that need the general executor
 * (directives, nested arguments, duplicate root keys); the output is identical otherwise.
 */
export function planOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
): OperationPlan | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode =>
    d.kind === "OperationDefinition"
  );
  const operation = operationName === null
    ? (operations.length === 1 ? operations[0] : undefined)
    : operations.find((o) => o.name?.value === operationName);
  if (!operation || operation.operation !== "query") return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === "FragmentDefinition") fragments.set(d.name.value, d);
  }
  try {
    if (operation.directives?.length) throw new Unsupported();
    const queryType = schema.getQueryType()!;
    const collected = collectFields(schema, queryType, [operation.selectionSet], fragments);
    const rootFields: RootField[] = [];
    for (const [responseKey, nodes] of collected) {
      if (nodes.length !== 1) throw new Unsupported();
      const node = nodes[0];
      if (node.name.value === "__typename" || node.name.value.startsWith("__")) {
        throw new Unsupported();
      }
      const definition = queryType.getFields()[node.name.value];
      rootFields.push({
        responseKey,
        node,
        definition,
        project: projector(schema, definition.type, nodes, fragments),
        projectItem: listItemProjector(schema, definition.type, nodes, fragments),
      });
    }
    return { operation, rootFields };
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

function collectFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  into = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  const applies = (condition: string | undefined) => {
    if (condition === undefined || condition === type.name) return true;
    const abstract = schema.getType(condition);
    return abstract !== undefined && isAbstractType(abstract) && schema.isSubType(abstract, type);
  };
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (selection.directives?.length) throw new Unsupported();
      if (selection.kind === "Field") {
        const key = selection.alias?.value ?? selection.name.value;
        const list = into.get(key);
        if (list) list.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === "InlineFragment") {
        if (applies(selection.typeCondition?.name.value)) {
          collectFields(schema, type, [selection.selectionSet], fragments, into);
        }
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) throw new Unsupported();
        if (applies(fragment.typeCondition.name.value)) {
          collectFields(schema, type, [fragment.selectionSet], fragments, into);
        }
      }
    }
  }
  return into;
}

function listItemProjector(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
  fragments: Map<string, FragmentDefinitionNode>,
): Projector | null {
  const list = isNonNullType(type) ? type.ofType : type;
  return isListType(list) ? projector(schema, list.ofType, nodes, fragments) : null;
}

function projector(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
  fragments: Map<string, FragmentDefinitionNode>,
): Projector {
  if (isNonNullType(type)) return projector(schema, type.ofType, nodes, fragments);
  if (isListType(type)) {
    const item = projector(schema, type.ofType, nodes, fragments);
    return (
      value,
    ) => (value === null || value === undefined ? null : (value as unknown[]).map(item));
  }
  if (isLeafType(type)) return (value) => (value === undefined ? null : value);
  const selectionSets = nodes.map((n) => n.selectionSet!).filter(Boolean);
  if (isObjectType(type)) {
    const build = objectBuilder(schema, type, selectionSets, fragments);
    return (value) => (value === null || value === undefined ? null : build(value));
  }
  const named = getNamedType(type);
  if (!isAbstractType(named)) throw new Unsupported();
  const byType = new Map<string, Projector>();
  for (const member of schema.getPossibleTypes(named)) {
    byType.set(member.name, objectBuilder(schema, member, selectionSets, fragments));
  }
  return (value) => {
    if (value === null || value === undefined) return null;
    const build = byType.get((value as { __typename: string }).__typename);
    if (!build) throw new Error("Value of an abstract type has no known __typename");
    return build(value);
  };
}

function objectBuilder(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  fragments: Map<string, FragmentDefinitionNode>,
): Projector {
  const collected = collectFields(schema, type, selectionSets, fragments);
  const keys: string[] = [];
  const getters: ((source: Record<string, unknown>) => unknown)[] = [];
  for (const [key, nodes] of collected) {
    const name = nodes[0].name.value;
    if (nodes.some((n) => n.arguments?.length)) throw new Unsupported();
    keys.push(key);
    if (name === "__typename") {
      getters.push(() => type.name);
      continue;
    }
    const field = type.getFields()[name];
    if (!field) throw new Unsupported();
    const project = projector(schema, field.type, nodes, fragments);
    getters.push((source) => project(source[name]));
  }
  return (value) => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]] = getters[i](source);
    return out;
  };
}
