import { Global, Module } from '@nestjs/common';
import { JobQueues } from './queue.service.js';

@Global()
@Module({ providers: [JobQueues], exports: [JobQueues] })
export class QueueModule {}
