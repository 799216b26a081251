import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claim suggestions: runs (one per article body and time zone, so asking twice computes once) and the
 * suggestions they found, kept with the editor's decision. Claims and signals gain the resolved dates
 * (a claim's, from the suggestion it was accepted from; a signal's, which of them a capture states).
 */
export class ClaimSuggestions1795833500000 implements MigrationInterface {
  name = 'ClaimSuggestions1795833500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "suggestion_runs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "article_id" uuid NOT NULL, "article_version" integer NOT NULL, "body_sha256" text NOT NULL,
      "time_zone" text NOT NULL, "state" text NOT NULL, "failure" text, "requested_by" text NOT NULL,
      "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP(3) WITH TIME ZONE,
      CONSTRAINT "suggestion_runs_pk" PRIMARY KEY ("id"))`);
    await queryRunner.query('CREATE UNIQUE INDEX "suggestion_runs_article_body_zone_uq" ON "suggestion_runs" ("article_id", "body_sha256", "time_zone")');
    await queryRunner.query(`ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_article_fk" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TABLE "suggestions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "article_id" uuid NOT NULL, "ordinal" integer NOT NULL,
      "kind" text NOT NULL, "rule" text NOT NULL, "statement" text NOT NULL, "claimant" text,
      "quote_exact" text NOT NULL, "quote_prefix" text NOT NULL, "quote_suffix" text NOT NULL, "position_start" integer NOT NULL, "position_end" integer NOT NULL,
      "spans" jsonb NOT NULL, "dates" jsonb NOT NULL, "state" text NOT NULL DEFAULT 'open', "claim_id" uuid, "decided_by" text,
      "decided_at" TIMESTAMP(3) WITH TIME ZONE, "dismiss_reason" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL,
      CONSTRAINT "suggestions_pk" PRIMARY KEY ("id"))`);
    await queryRunner.query('CREATE UNIQUE INDEX "suggestions_run_ordinal_uq" ON "suggestions" ("run_id", "ordinal")');
    await queryRunner.query('CREATE INDEX "suggestions_article_position_idx" ON "suggestions" ("article_id", "position_start")');
    await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_run_fk" FOREIGN KEY ("run_id") REFERENCES "suggestion_runs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_article_fk" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_claim_fk" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query('ALTER TABLE "claims" ADD "resolved_dates" jsonb');
    await queryRunner.query(`ALTER TABLE "signals" ADD "dates" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "signals" DROP COLUMN "dates"');
    await queryRunner.query('ALTER TABLE "claims" DROP COLUMN "resolved_dates"');
    await queryRunner.query('DROP TABLE "suggestions"');
    await queryRunner.query('DROP TABLE "suggestion_runs"');
  }
}
