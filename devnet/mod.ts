export { type Devnet, type DevnetOptions, startDevnet } from "./devnet.ts";
export { validateQuery } from "./schema.ts";
export { balanceKey, type Truth } from "./truth.ts";
export { type Faults, NO_FAULTS } from "./faults.ts";
export { MAX_ELEMENTS_MESSAGE, MAX_ELEMENTS_PER_QUERY } from "./query_executor.ts";
export { LIBRARY_PATHS, TOKENS } from "./tokens.ts";
export type {
  Block,
  GeneratedBlock,
  Movement,
  Rejection,
  RejectionReason,
  Transaction,
} from "./types.ts";
