import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CredentialCache } from '@app/auth';
import { LiveEvents } from '@app/db';

/**
 * Lets this API process cache credentials: the cache follows the process's LISTEN connection, which
 * hears every credential change (and the cache is bypassed while that connection is down).
 */
@Injectable()
export class CredentialInvalidation implements OnModuleInit, OnModuleDestroy {
  private stop: (() => void) | null = null;

  constructor(
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(CredentialCache) private readonly cache: CredentialCache,
  ) {}

  onModuleInit(): void {
    this.cache.followAnnouncements(() => this.live.caughtUp());
    this.stop = this.live.watchCredentials(this.cache);
  }

  onModuleDestroy(): void {
    this.stop?.();
    this.cache.listening(false);
  }
}
