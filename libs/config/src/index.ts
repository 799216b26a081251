export { configSchema, loadConfig, ConfigError, publicBaseUrl, type AppConfig } from './config.schema.js';
export { ConfigModule, APP_CONFIG } from './config.module.js';
export { createLogger, PinoNestLogger } from './logger.js';
