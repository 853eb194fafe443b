export { loadConfig, type Config, type Flags } from './load.js';
export { ENV, type SettingName } from './schema.js';
export { loadClientSettings, type ClientSettings } from './client.js';
