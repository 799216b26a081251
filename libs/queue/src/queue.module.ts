import { Global, Module } from '@nestjs/common';
import { OutboxReconciler } from './outbox-reconciler.js';
import { JobQueues } from './queue.service.js';

@Global()
@Module({ providers: [JobQueues, OutboxReconciler], exports: [JobQueues, OutboxReconciler] })
export class QueueModule {}
