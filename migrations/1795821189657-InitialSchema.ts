import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795821189657 implements MigrationInterface {
    name = 'InitialSchema1795821189657'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("actor_id" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "idempotency_keys_pk" PRIMARY KEY ("actor_id", "key"))`);
        await queryRunner.query(`CREATE TABLE "audit_events" ("seq" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" text NOT NULL, "action" text NOT NULL, "target_type" text NOT NULL, "target_id" text NOT NULL, "chain_seq" integer NOT NULL, "prev_hash" text, "hash" text NOT NULL, "before" jsonb, "after" jsonb, "correlation_id" text, CONSTRAINT "audit_events_pk" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "audit_events_actor_idx" ON "audit_events"  ("actor_id", "seq") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "audit_events_target_chain_uq" ON "audit_events"  ("target_type", "target_id", "chain_seq") `);
        await queryRunner.query(`CREATE TABLE "audit_checkpoints" ("seq" BIGSERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "head_count" integer NOT NULL, "max_event_seq" bigint, "prev_hash" text, "hash" text NOT NULL, CONSTRAINT "audit_checkpoints_pk" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE TABLE "audit_checkpoint_heads" ("checkpoint_seq" bigint NOT NULL, "target_type" text NOT NULL, "target_id" text NOT NULL, "chain_seq" integer NOT NULL, "event_seq" bigint NOT NULL, "event_hash" text NOT NULL, CONSTRAINT "audit_checkpoint_heads_pk" PRIMARY KEY ("checkpoint_seq", "target_type", "target_id"))`);
        await queryRunner.query(`CREATE TABLE "articles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "outlet" text, "url" text, "language" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "body" text NOT NULL, "body_sha256" text NOT NULL, "body_code_points" integer NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "articles_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "articles_created_idx" ON "articles"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "email" text NOT NULL, "roles" text array NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "users_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "users_email_uq" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "token_prefix" text NOT NULL, "label" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_tokens_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "api_tokens_user_idx" ON "api_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "article_id" uuid NOT NULL, "statement" text NOT NULL, "kind" text, "claimant" text, "priority" smallint NOT NULL DEFAULT '1', "due_at" TIMESTAMP WITH TIME ZONE, "state" text NOT NULL DEFAULT 'intake', "quote_exact" text NOT NULL, "quote_prefix" text NOT NULL, "quote_suffix" text NOT NULL, "position_start" integer NOT NULL, "position_end" integer NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "claims_pk" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "claims_state_created_idx" ON "claims"  ("state", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "claims_created_idx" ON "claims"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "claims_article_position_idx" ON "claims"  ("article_id", "position_start") `);
        await queryRunner.query(`ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "claims" ADD CONSTRAINT "claims_article_fk" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "claims_article_fk"`);
        await queryRunner.query(`ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_user_fk"`);
        await queryRunner.query(`DROP INDEX "public"."claims_article_position_idx"`);
        await queryRunner.query(`DROP INDEX "public"."claims_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."claims_state_created_idx"`);
        await queryRunner.query(`DROP TABLE "claims"`);
        await queryRunner.query(`DROP INDEX "public"."api_tokens_hash_uq"`);
        await queryRunner.query(`DROP INDEX "public"."api_tokens_user_idx"`);
        await queryRunner.query(`DROP TABLE "api_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."users_email_uq"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."articles_created_idx"`);
        await queryRunner.query(`DROP TABLE "articles"`);
        await queryRunner.query(`DROP TABLE "audit_checkpoint_heads"`);
        await queryRunner.query(`DROP TABLE "audit_checkpoints"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_target_chain_uq"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_actor_idx"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
