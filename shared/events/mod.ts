/** GRC20 token events: the pure parser of sync/ and the validators shared with api/. */
export { ADDRESS_PREFIX, addressProblem, encodeAddress, isAddress } from "./address.ts";
export { DEFAULT_GRC20_LIBRARY_PATHS } from "./library_paths.ts";
export {
  MAX_VALUE_DIGITS,
  type ParsedTransaction,
  type ParseOptions,
  parseTransaction,
} from "./parse.ts";
export { MAX_METADATA_LENGTH, type TokenMetadata } from "./new_token.ts";
export { type Rejection, REJECTION_REASONS, type RejectionReason } from "./rejection.ts";
export type { EventPosition, TokenEvent, TokenEventKind } from "./token_event.ts";
export {
  isPackagePath,
  isRealmPath,
  MAX_REALM_PATH_LENGTH,
  realmOfTokenId,
  symbolOfTokenId,
} from "./token_path.ts";
export {
  type GnoEvent,
  type GnoEventAttribute,
  type MsgCall,
  type UpstreamEvent,
  type UpstreamMessageValue,
  type UpstreamTransaction,
  upstreamTransactionSchema,
} from "./transaction.ts";
