import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake asks for the few claims most similar to a new one. A GIN trigram index answers `%` by returning
 * every claim over the threshold and sorting them all (about 60 ms per call at 5,000 similar claims);
 * a GiST trigram index walks the nearest neighbours by `<->` distance and stops at the limit (about 3 ms).
 */
export class SimilarClaimsNearestNeighbour1795825900000 implements MigrationInterface {
  name = 'SimilarClaimsNearestNeighbour1795825900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "claims_statement_normalized_trgm_idx"');
    await queryRunner.query('CREATE INDEX "claims_statement_normalized_trgm_idx" ON "claims" USING gist ("statement_normalized" gist_trgm_ops)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "claims_statement_normalized_trgm_idx"');
    await queryRunner.query('CREATE INDEX "claims_statement_normalized_trgm_idx" ON "claims" USING gin ("statement_normalized" gin_trgm_ops)');
  }
}
