import type { MigrationInterface, QueryRunner } from 'typeorm';
import { similarityKeys } from '@app/text';

/** Claims backfilled per statement (ids and keys in one UPDATE). */
const PAGE = 1000;

/**
 * Similar earlier claims are found by keys instead of nearest-neighbour trigram distance: each claim
 * keeps the MinHash band keys of its normalised statement (`similarityKeys`, set at intake), a GIN
 * index on them finds the few claims sharing a key, and only those are ranked by exact trigram
 * similarity. The GiST nearest-neighbour walk read most of its index at 1,000,000 claims (1.1–1.4 s
 * per lookup); the keys' posting lists stay short as the table grows. `fastupdate` is off so a lookup
 * never scans a pending list of recent intakes. Claims already through intake get their keys here.
 */
export class SimilarClaimsKeys1795833750000 implements MigrationInterface {
  name = 'SimilarClaimsKeys1795833750000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "claims" ADD "similarity_keys" integer array');
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const rows: { id: string; statement_normalized: string }[] = await queryRunner.query(
        'SELECT id, statement_normalized FROM claims WHERE statement_normalized IS NOT NULL AND id > $1 ORDER BY id LIMIT $2',
        [after, PAGE],
      );
      if (rows.length === 0) break;
      await queryRunner.query(
        `UPDATE claims c SET similarity_keys = k.keys::integer[]
           FROM unnest($1::uuid[], $2::text[]) AS k(id, keys) WHERE c.id = k.id`,
        [rows.map((r) => r.id), rows.map((r) => `{${similarityKeys(r.statement_normalized).join(',')}}`)],
      );
      after = rows[rows.length - 1]!.id;
    }
    await queryRunner.query('CREATE INDEX "claims_similarity_keys_idx" ON "claims" USING gin ("similarity_keys") WITH (fastupdate = off)');
    await queryRunner.query('DROP INDEX "claims_statement_normalized_trgm_idx"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "claims_statement_normalized_trgm_idx" ON "claims" USING gist ("statement_normalized" gist_trgm_ops)');
    await queryRunner.query('DROP INDEX "claims_similarity_keys_idx"');
    await queryRunner.query('ALTER TABLE "claims" DROP COLUMN "similarity_keys"');
  }
}
