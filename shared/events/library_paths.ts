/**
 * Package paths of the grc20 library generations whose events carry the token in a `token`
 * attr (2025-07 onward) or in the transaction's MsgCall (2025-04 to 2025-07). Configurable,
 * because a chain may deploy the library elsewhere.
 */
export const DEFAULT_GRC20_LIBRARY_PATHS: readonly string[] = Object.freeze([
  "gno.land/p/demo/grc/grc20",
  "gno.land/p/demo/tokens/grc20",
]);
