import { InitialSchema1795821189657 } from './1795821189657-InitialSchema.js';
import { AuditAppendOnlyAndSearch1795821189700 } from './1795821189700-AuditAppendOnlyAndSearch.js';
import { ReviewWorkflow1795822198841 } from './1795822198841-ReviewWorkflow.js';
import { SourceTracing1795824151517 } from './1795824151517-SourceTracing.js';
import { VerificationReports1795824815115 } from './1795824815115-VerificationReports.js';
import { SimilarClaimsNearestNeighbour1795825900000 } from './1795825900000-SimilarClaimsNearestNeighbour.js';
import { ClaimantFilterIndex1795826500000 } from './1795826500000-ClaimantFilterIndex.js';
import { AuditCheckpointSinceHorizon1795827100000 } from './1795827100000-AuditCheckpointSinceHorizon.js';
import { PeopleSignIn1795830000000 } from './1795830000000-PeopleSignIn.js';
import { PublishingKindsLanguagesArticleUrls1795832000000 } from './1795832000000-PublishingKindsLanguagesArticleUrls.js';
import { AuditHashV2SignedCheckpoints1795833400000 } from './1795833400000-AuditHashV2SignedCheckpoints.js';
import { ClaimSuggestions1795833500000 } from './1795833500000-ClaimSuggestions.js';
import { SimilarClaimsKeys1795833750000 } from './1795833750000-SimilarClaimsKeys.js';
import { CredentialChangeNotifications1795833800000 } from './1795833800000-CredentialChangeNotifications.js';

/** Every migration, oldest first. Migrations are never edited once they land: add a new one. */
export const MIGRATIONS = [InitialSchema1795821189657, AuditAppendOnlyAndSearch1795821189700, ReviewWorkflow1795822198841, SourceTracing1795824151517, VerificationReports1795824815115, SimilarClaimsNearestNeighbour1795825900000, ClaimantFilterIndex1795826500000, AuditCheckpointSinceHorizon1795827100000, PeopleSignIn1795830000000, PublishingKindsLanguagesArticleUrls1795832000000, AuditHashV2SignedCheckpoints1795833400000, ClaimSuggestions1795833500000, SimilarClaimsKeys1795833750000, CredentialChangeNotifications1795833800000];
