export { loadConfig, type Config, type Flags } from './load.js';
export { ENV, type SettingName } from './schema.js';
export { loadClientSettings, resolveCaFiles, type CaFile, type ClientSettings } from './client.js';
export { CONFIG_ERRORS, type ConfigErrorCode } from './errors.js';
