export { ConfigError, loadConfig, loadConfigOrExit } from "./load.ts";
export {
  type ApiConfig,
  apiConfigSchema,
  type ProcessorConfig,
  processorConfigSchema,
  type SyncConfig,
  syncConfigSchema,
} from "./schemas.ts";
