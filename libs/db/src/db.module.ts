import { Global, Inject, Module, type OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { dataSourceOptions, type SchemaDefinition } from './db.options.js';
import { assertMigrationsApplied } from './migrations-check.js';

/**
 * Provides the one TypeORM DataSource. Start-up fails when migrations are pending, so an app never
 * runs against a schema older than its code.
 */
@Global()
@Module({})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(schema: SchemaDefinition): DynamicModule {
    return {
      module: DbModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            // Entry points resolve the database first (openDatabase): a server's URL, or the embedded one's.
            if (!config.DATABASE_URL) throw new Error('No database URL: the entry point must open the database (openDatabase) before building the app');
            const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, schema, config.DB_POOL_SIZE, config.DATABASE_READ_URL));
            await dataSource.initialize();
            try {
              await assertMigrationsApplied(dataSource);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
