import { MigrationInterface, QueryRunner } from "typeorm";

export class VerificationReports1795824815115 implements MigrationInterface {
    name = 'VerificationReports1795824815115'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "rating_scales" ("version" integer NOT NULL, "scale" jsonb NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rating_scales_pk" PRIMARY KEY ("version"))`);
        await queryRunner.query(`CREATE TABLE "reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "article_id" uuid NOT NULL, "version" integer NOT NULL, "status" text NOT NULL DEFAULT 'rendering', "correction_note" text, "requested_by" text NOT NULL, "requested_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP(3) WITH TIME ZONE, "audit_seq" bigint, "content_sha256" text, "failure" text, CONSTRAINT "reports_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "reports_article_version_uq" ON "reports"  ("article_id", "version") `);
        await queryRunner.query(`CREATE TABLE "report_artifacts" ("report_id" uuid NOT NULL, "path" text NOT NULL, "content_type" text NOT NULL, "body" text NOT NULL, "sha256" text NOT NULL, CONSTRAINT "report_artifacts_pk" PRIMARY KEY ("report_id", "path"))`);
        await queryRunner.query(`CREATE TABLE "reader_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "article_id" uuid NOT NULL, "report_version" integer, "claim_id" uuid, "message" text NOT NULL, "contact" text, "status" text NOT NULL DEFAULT 'open', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_by" text, "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "resolution_note" text, CONSTRAINT "reader_reports_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "reader_reports_open_idx" ON "reader_reports"  ("status", "created_at") `);
        await queryRunner.query(`CREATE TABLE "report_captures" ("report_id" uuid NOT NULL, "capture_id" uuid NOT NULL, CONSTRAINT "report_captures_pk" PRIMARY KEY ("report_id", "capture_id"))`);
        await queryRunner.query(`CREATE INDEX "report_captures_capture_idx" ON "report_captures"  ("capture_id") `);
        await queryRunner.query(`ALTER TABLE "verdict_proposals" ADD "scale_version" integer NOT NULL DEFAULT '0'`);
        // By hand: a published report, its files and the captures it cites never change; rating scale
        // versions never change either.
        await queryRunner.query(`
          CREATE FUNCTION reports_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'DELETE' OR OLD.status <> 'rendering' THEN
              RAISE EXCEPTION 'published reports are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
          END $$`);
        await queryRunner.query(`CREATE TRIGGER reports_immutable BEFORE UPDATE OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION reports_refuse_rewrite()`);
        await queryRunner.query(`
          CREATE FUNCTION published_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            RAISE EXCEPTION 'published material is immutable: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
          END $$`);
        for (const table of ['report_artifacts', 'report_captures', 'rating_scales']) {
          await queryRunner.query(`CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION published_refuse_change()`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['report_artifacts', 'report_captures', 'rating_scales']) {
            await queryRunner.query(`DROP TRIGGER ${table}_immutable ON ${table}`);
        }
        await queryRunner.query(`DROP FUNCTION published_refuse_change()`);
        await queryRunner.query(`DROP TRIGGER reports_immutable ON reports`);
        await queryRunner.query(`DROP FUNCTION reports_refuse_rewrite()`);
        await queryRunner.query(`ALTER TABLE "verdict_proposals" DROP COLUMN "scale_version"`);
        await queryRunner.query(`DROP INDEX "public"."report_captures_capture_idx"`);
        await queryRunner.query(`DROP TABLE "report_captures"`);
        await queryRunner.query(`DROP INDEX "public"."reader_reports_open_idx"`);
        await queryRunner.query(`DROP TABLE "reader_reports"`);
        await queryRunner.query(`DROP TABLE "report_artifacts"`);
        await queryRunner.query(`DROP INDEX "public"."reports_article_version_uq"`);
        await queryRunner.query(`DROP TABLE "reports"`);
        await queryRunner.query(`DROP TABLE "rating_scales"`);
    }

}
