import { Global, Module } from '@nestjs/common';
import { type AppConfig, loadConfig } from './config.schema.js';

/** Injection token of the validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Registers an already-validated config (apps call loadConfig() first so a bad value fails before Nest boots). */
  static forRoot(config: AppConfig = loadConfig()) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
