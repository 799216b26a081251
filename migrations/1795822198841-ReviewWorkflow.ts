import { MigrationInterface, QueryRunner } from "typeorm";

export class ReviewWorkflow1795822198841 implements MigrationInterface {
    name = 'ReviewWorkflow1795822198841'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_outbox" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "name" text NOT NULL, "job_id" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "job_outbox_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "job_outbox_job_id_uq" ON "job_outbox"  ("job_id") `);
        await queryRunner.query(`CREATE TABLE "claim_transitions" ("id" BIGSERIAL NOT NULL, "claim_id" uuid NOT NULL, "seq" integer NOT NULL, "action" text NOT NULL, "from_step" text NOT NULL, "to_step" text NOT NULL, "actor_id" text NOT NULL, "comment" text, "details" jsonb, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "claim_transitions_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "claim_transitions_claim_seq_uq" ON "claim_transitions"  ("claim_id", "seq") `);
        await queryRunner.query(`CREATE TABLE "verdict_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claim_id" uuid NOT NULL, "rating" text NOT NULL, "rationale" text NOT NULL, "proposed_by" text NOT NULL, "proposed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "decision" text, "decided_by" text, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "decision_comment" text, CONSTRAINT "verdict_proposals_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "verdict_proposals_claim_idx" ON "verdict_proposals"  ("claim_id", "proposed_at") `);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" text NOT NULL, "kind" text NOT NULL, "claim_id" uuid NOT NULL, "message" text NOT NULL, "job_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notifications_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notifications_job_uq" ON "notifications"  ("job_id") `);
        await queryRunner.query(`CREATE INDEX "notifications_user_idx" ON "notifications"  ("user_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "claims" ADD "transition_seq" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "claims" ADD "assignee_id" text`);
        await queryRunner.query(`ALTER TABLE "claims" ADD "lease_expires_at" TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "claims" ADD "failed_step" text`);
        await queryRunner.query(`ALTER TABLE "claims" ADD "failure" text`);
        await queryRunner.query(`ALTER TABLE "claims" ADD "statement_normalized" text`);
        await queryRunner.query(`ALTER TABLE "claims" ADD "intake_report" jsonb`);
        await queryRunner.query(`CREATE INDEX "claims_assignee_idx" ON "claims"  ("assignee_id") `);
        // Written by hand (TypeORM cannot express these): the work-queue order, trigram matching of
        // normalised statements, open outbox rows, and an append-only timeline.
        await queryRunner.query(`CREATE INDEX "claims_work_queue_idx" ON "claims" ("state", "priority" DESC, "due_at" ASC NULLS LAST, "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "claims_statement_normalized_trgm_idx" ON "claims" USING gin ("statement_normalized" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "job_outbox_open_idx" ON "job_outbox" ("created_at") WHERE "completed_at" IS NULL`);
        await queryRunner.query(`CREATE TRIGGER claim_transitions_no_update_delete BEFORE UPDATE OR DELETE ON claim_transitions FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER claim_transitions_no_truncate BEFORE TRUNCATE ON claim_transitions FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER claim_transitions_no_truncate ON claim_transitions`);
        await queryRunner.query(`DROP TRIGGER claim_transitions_no_update_delete ON claim_transitions`);
        await queryRunner.query(`DROP INDEX "public"."job_outbox_open_idx"`);
        await queryRunner.query(`DROP INDEX "public"."claims_statement_normalized_trgm_idx"`);
        await queryRunner.query(`DROP INDEX "public"."claims_work_queue_idx"`);
        await queryRunner.query(`DROP INDEX "public"."claims_assignee_idx"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "intake_report"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "statement_normalized"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "failure"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "failed_step"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "lease_expires_at"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "assignee_id"`);
        await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "transition_seq"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_user_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_job_uq"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP INDEX "public"."verdict_proposals_claim_idx"`);
        await queryRunner.query(`DROP TABLE "verdict_proposals"`);
        await queryRunner.query(`DROP INDEX "public"."claim_transitions_claim_seq_uq"`);
        await queryRunner.query(`DROP TABLE "claim_transitions"`);
        await queryRunner.query(`DROP INDEX "public"."job_outbox_job_id_uq"`);
        await queryRunner.query(`DROP TABLE "job_outbox"`);
    }

}
