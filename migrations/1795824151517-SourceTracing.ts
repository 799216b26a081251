import { MigrationInterface, QueryRunner } from "typeorm";

export class SourceTracing1795824151517 implements MigrationInterface {
    name = 'SourceTracing1795824151517'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "captures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_id" uuid NOT NULL, "origin" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "requested_url" text NOT NULL, "final_url" text, "redirects" jsonb, "http_status" integer, "content_type" text, "byte_size" integer, "sha256" text, "headers" jsonb, "extracted_title" text, "extracted_published_at" text, "extracted_text" text, "reason" text, "detail" text, "drift" boolean NOT NULL DEFAULT false, "rot" boolean NOT NULL DEFAULT false, "requested_by" text NOT NULL, "requested_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "captures_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "captures_source_idx" ON "captures"  ("source_id", "requested_at") `);
        await queryRunner.query(`CREATE TABLE "blobs" ("sha256" text NOT NULL, "bytes" bytea NOT NULL, "byte_size" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "blobs_pk" PRIMARY KEY ("sha256"))`);
        await queryRunner.query(`CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claim_id" uuid NOT NULL, "source_id" uuid NOT NULL, "stance" text NOT NULL, "excerpt" text, "note" text, "created_by" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "evidence_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "evidence_source_idx" ON "evidence"  ("source_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "evidence_claim_source_uq" ON "evidence"  ("claim_id", "source_id") `);
        await queryRunner.query(`CREATE TABLE "source_derivations" ("source_id" uuid NOT NULL, "derived_from_id" uuid NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "source_derivations_pk" PRIMARY KEY ("source_id", "derived_from_id"))`);
        await queryRunner.query(`CREATE INDEX "source_derivations_parent_idx" ON "source_derivations"  ("derived_from_id") `);
        await queryRunner.query(`CREATE TABLE "signals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claim_id" uuid NOT NULL, "capture_id" uuid NOT NULL, "quotes" jsonb NOT NULL, "numbers" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "signals_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "signals_claim_capture_uq" ON "signals"  ("claim_id", "capture_id") `);
        await queryRunner.query(`CREATE TABLE "sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" text NOT NULL, "normalized_url" text NOT NULL, "canonical_url" text, "title" text, "publisher" text, "language" text, "kind" text NOT NULL, "subtype" text NOT NULL, "recheck" boolean NOT NULL DEFAULT true, "created_by" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "sources_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "sources_normalized_url_uq" ON "sources"  ("normalized_url") `);
        await queryRunner.query(`ALTER TABLE "claims" ADD "unverifiable_reason" text`);
        // By hand: an archived capture is immutable once it has an outcome, and stored bytes never change.
        await queryRunner.query(`
          CREATE FUNCTION captures_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'DELETE' OR OLD.status <> 'pending' THEN
              RAISE EXCEPTION 'captures are immutable once recorded: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
          END $$`);
        await queryRunner.query(`CREATE TRIGGER captures_immutable BEFORE UPDATE OR DELETE ON captures FOR EACH ROW EXECUTE FUNCTION captures_refuse_rewrite()`);
        await queryRunner.query(`
          CREATE FUNCTION blobs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            RAISE EXCEPTION 'archived bytes are immutable: % on blobs is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
          END $$`);
        await queryRunner.query(`CREATE TRIGGER blobs_no_update_delete BEFORE UPDATE OR DELETE ON blobs FOR EACH ROW EXECUTE FUNCTION blobs_refuse_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER blobs_no_update_delete ON blobs`);
        await queryRunner.query(`DROP FUNCTION blobs_refuse_change()`);
        await queryRunner.query(`DROP TRIGGER captures_immutable ON captures`);
        await queryRunner.query(`DROP FUNCTION captures_refuse_rewrite()`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "unverifiable_reason"`);
        await queryRunner.query(`DROP INDEX "public"."sources_normalized_url_uq"`);
        await queryRunner.query(`DROP TABLE "sources"`);
        await queryRunner.query(`DROP INDEX "public"."signals_claim_capture_uq"`);
        await queryRunner.query(`DROP TABLE "signals"`);
        await queryRunner.query(`DROP INDEX "public"."source_derivations_parent_idx"`);
        await queryRunner.query(`DROP TABLE "source_derivations"`);
        await queryRunner.query(`DROP INDEX "public"."evidence_claim_source_uq"`);
        await queryRunner.query(`DROP INDEX "public"."evidence_source_idx"`);
        await queryRunner.query(`DROP TABLE "evidence"`);
        await queryRunner.query(`DROP TABLE "blobs"`);
        await queryRunner.query(`DROP INDEX "public"."captures_source_idx"`);
        await queryRunner.query(`DROP TABLE "captures"`);
    }

}
