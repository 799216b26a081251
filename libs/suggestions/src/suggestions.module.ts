import { Module } from '@nestjs/common';
import { ArticlesModule } from '@app/articles';
import { AuditModule } from '@app/audit';
import { ClaimsModule } from '@app/claims';
import { ClaimDatesModule } from './claim-dates.module.js';
import { ComputeSuggestionsHandler } from './jobs/compute.handler.js';
import { SuggestionsService } from './suggestions.service.js';

@Module({ imports: [AuditModule, ArticlesModule, ClaimsModule, ClaimDatesModule], providers: [SuggestionsService, ComputeSuggestionsHandler], exports: [SuggestionsService, ComputeSuggestionsHandler] })
export class SuggestionsModule {}
