export { type Devnet, type DevnetOptions, startDevnet } from "./devnet.ts";
export { validateQuery } from "./schema.ts";
export {
  balanceKey,
  splitBalanceKey,
  supplyOf,
  symbolOf,
  tokenPathOf,
  type TokenStats,
  tokenStats,
  type Truth,
} from "./truth.ts";
export { type Faults, NO_FAULTS } from "./faults.ts";
export {
  MAX_ELEMENTS_MESSAGE,
  MAX_ELEMENTS_PER_QUERY,
  NOT_FOUND_MESSAGE,
} from "./query_executor.ts";
export type { RecordedChainData } from "./recorded_chain.ts";
export { LIBRARY_PATHS, type TokenDefinition, TOKENS, type TokenStyle } from "./tokens.ts";
export type {
  Block,
  GeneratedBlock,
  Movement,
  Rejection,
  RejectionReason,
  TokenAnnouncement,
  TokenInfo,
  Transaction,
} from "./types.ts";
