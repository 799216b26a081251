import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { OutboxReconciler } from './outbox-reconciler.js';
import { QUEUE_STORE, createQueueStore } from './queue-store.js';
import { JobQueues } from './queue.service.js';

@Global()
@Module({
  providers: [
    {
      // Prepared before anything creates a queue: BullMQ's PostgreSQL backend checks its schema once per
      // queue and remembers a failure.
      provide: QUEUE_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const store = createQueueStore(config);
        await store.prepare();
        return store;
      },
    },
    JobQueues,
    OutboxReconciler,
  ],
  exports: [JobQueues, OutboxReconciler],
})
export class QueueModule {}
