import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports record their kind (`first`, `update`: new verdicts only, `correction`: a published verdict,
 * rationale or evidence changed) and the language they are rendered in; articles record their
 * normalised URL so the same article is not stored twice by accident.
 *
 * Existing reports were rendered in English, and every later version needed a note: they become
 * `correction`s (version 1 `first`). Existing articles get their URL as given (not re-normalised:
 * SQL has no WHATWG URL parser); a later duplicate written differently is then not recognised.
 */
export class PublishingKindsLanguagesArticleUrls1795832000000 implements MigrationInterface {
  name = 'PublishingKindsLanguagesArticleUrls1795832000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reports" ADD "kind" text NOT NULL DEFAULT 'correction'`);
    await queryRunner.query(`ALTER TABLE "reports" ADD "language" text NOT NULL DEFAULT 'en'`);
    // The immutability trigger refuses every UPDATE of a published report; this one-off backfill of a new column is the exception.
    await queryRunner.query('ALTER TABLE "reports" DISABLE TRIGGER reports_immutable');
    await queryRunner.query(`UPDATE "reports" SET "kind" = 'first' WHERE "version" = 1`);
    await queryRunner.query('ALTER TABLE "reports" ENABLE TRIGGER reports_immutable');
    await queryRunner.query('ALTER TABLE "reports" ALTER COLUMN "kind" DROP DEFAULT');
    await queryRunner.query('ALTER TABLE "reports" ALTER COLUMN "language" DROP DEFAULT');
    await queryRunner.query('ALTER TABLE "articles" ADD "url_key" text');
    await queryRunner.query('UPDATE "articles" SET "url_key" = "url" WHERE "url" IS NOT NULL');
    await queryRunner.query('CREATE INDEX "articles_url_key_idx" ON "articles" ("url_key")');
    await queryRunner.query(`CREATE INDEX "reports_published_idx" ON "reports" ("published_at") WHERE status = 'published'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "reports_published_idx"');
    await queryRunner.query('DROP INDEX "articles_url_key_idx"');
    await queryRunner.query('ALTER TABLE "articles" DROP COLUMN "url_key"');
    await queryRunner.query('ALTER TABLE "reports" DROP COLUMN "language"');
    await queryRunner.query('ALTER TABLE "reports" DROP COLUMN "kind"');
  }
}
